import type { Conversation } from './conversation.ts';

/** The sidebar: "New chat" and the kept conversations, most recent first. */
export function ConversationList({
  conversations,
  activeId,
  onNewChat,
  onSelect,
}: {
  conversations: readonly Conversation[];
  activeId: string | null;
  onNewChat: () => void;
  onSelect: (id: string) => void;
}) {
  return (
    <nav className="conversation-list" aria-label="Conversations">
      <button type="button" className="button-primary new-chat" onClick={onNewChat}>
        New chat
      </button>
      <h2 className="sidebar-heading">Conversations</h2>
      {conversations.length === 0 ? (
        <p className="muted">None yet. They are kept in this browser.</p>
      ) : (
        <ul>
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                className="conversation-button"
                aria-current={conversation.id === activeId ? 'true' : undefined}
                onClick={() => onSelect(conversation.id)}
              >
                {conversation.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
