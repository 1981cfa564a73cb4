/** A thumbs-up or thumbs-down outline, decorative (the button says what it means). */
export function ThumbIcon({ direction }: { direction: 'up' | 'down' }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
      style={direction === 'down' ? { transform: 'rotate(180deg)' } : undefined}
    >
      <path
        d="M7 10v11H3V10h4Zm2 11h8.2a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 18.6 10H14l.9-4.3A2 2 0 0 0 13 3.3L9 10v11Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
    </svg>
  );
}
