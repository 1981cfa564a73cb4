import { useEffect, useRef, useState } from 'react';
import { ApiKeyForm } from '../access/api-key-form.tsx';
import { useApi, useApiKey } from '../api/api-context.tsx';
import { ErrorNotice } from '../errors/error-notice.tsx';
import { useSession } from '../session/use-session.ts';
import { ChatHeader } from './chat-header.tsx';
import { ChatTurnView } from './chat-turn-view.tsx';
import { CitationPanel } from './citation-panel.tsx';
import { ConversationList } from './conversation-list.tsx';
import { QuestionForm } from './question-form.tsx';
import { useChat } from './use-chat.ts';
import { useConversations } from './use-conversations.ts';

/** The chat page (`/`): conversations kept in the browser, streamed answers, citations and feedback. */
export function ChatApp() {
  const { client } = useApi();
  const { required } = useApiKey();
  const { session, error, retry } = useSession();
  const conversations = useConversations();
  const chat = useChat(client, conversations);
  const [kb, setKb] = useState<string | null>(null);
  const [citation, setCitation] = useState<{ turnId: string; n: number } | null>(null);
  const { active } = conversations;

  useEffect(() => {
    if (session) setKb((current) => (current && session.kbs.includes(current) ? current : defaultKbOf(session)));
  }, [session]);

  const select = (id: string) => {
    conversations.select(id);
    setCitation(null);
    const chosen = conversations.list.find((conversation) => conversation.id === id);
    if (chosen?.kb && session?.kbs.includes(chosen.kb)) setKb(chosen.kb);
  };
  const newChat = () => {
    conversations.newChat();
    setCitation(null);
  };

  const turns = active?.turns ?? [];
  const latest = turns.findLast((turn) => turn.meta !== null)?.meta ?? null;
  const citedTurn = citation ? turns.find((turn) => turn.id === citation.turnId) : undefined;
  const cited = citedTurn?.meta?.citations.find((candidate) => candidate.n === citation?.n);

  return (
    <div className="chat-page">
      <ChatHeader
        session={session}
        kb={kb}
        onKbChange={setKb}
        answeredBy={latest ? `${latest.kb}@${latest.indexVersion}` : null}
      />
      <div className="chat-layout">
        <ConversationList
          conversations={conversations.list}
          activeId={active?.id ?? null}
          onNewChat={newChat}
          onSelect={select}
        />
        <main className="chat-main">
          {required ? (
            <ApiKeyForm />
          ) : (
            <>
              {error && (
                <div className="page-error">
                  <ErrorNotice error={error} />
                  <button type="button" className="button-quiet" onClick={retry}>
                    Try again
                  </button>
                </div>
              )}
              <Transcript>
                {turns.length === 0 ? (
                  <EmptyChat kb={kb} />
                ) : (
                  <ol className="turns" aria-label="Conversation">
                    {turns.map((turn) => (
                      <ChatTurnView
                        key={turn.id}
                        turn={turn}
                        phoenixUrl={session?.phoenixUrl ?? null}
                        onCite={(n) => setCitation({ turnId: turn.id, n })}
                        onAskAgain={chat.streaming ? null : () => void chat.ask(turn.question, turn.kb)}
                        onFeedback={(feedback) =>
                          active &&
                          conversations.updateTurn(active.id, turn.id, (current) => ({ ...current, feedback }))
                        }
                      />
                    ))}
                  </ol>
                )}
              </Transcript>
              <QuestionForm
                streaming={chat.streaming}
                disabled={!session}
                onAsk={(question) => void chat.ask(question, kb)}
                onStop={chat.stop}
              />
            </>
          )}
        </main>
        {cited && citedTurn?.meta && (
          <CitationPanel
            citation={cited}
            answer={citedTurn.answer}
            meta={citedTurn.meta}
            onClose={() => setCitation(null)}
          />
        )}
      </div>
    </div>
  );
}

function defaultKbOf(session: { kbs: string[]; defaultKb: string | null }): string | null {
  return session.defaultKb && session.kbs.includes(session.defaultKb) ? session.defaultKb : (session.kbs[0] ?? null);
}

/** The scrolling conversation, kept at its end as answers grow (unless the reader scrolled up). */
function Transcript({ children }: { children: React.ReactNode }) {
  const element = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  useEffect(() => {
    if (atEnd.current && element.current) element.current.scrollTop = element.current.scrollHeight;
  });
  return (
    <div
      className="transcript"
      ref={element}
      onScroll={(event) => {
        const target = event.currentTarget;
        atEnd.current = target.scrollHeight - target.scrollTop - target.clientHeight < 48;
      }}
    >
      {children}
    </div>
  );
}

function EmptyChat({ kb }: { kb: string | null }) {
  return (
    <div className="empty-chat">
      <h2>Ask {kb ? <code>{kb}</code> : 'a question'}</h2>
      <p>
        Answers cite their sources as [1], [2], …: select one to read the passage it quotes. Each answer names the index
        version that gave it.
      </p>
    </div>
  );
}
