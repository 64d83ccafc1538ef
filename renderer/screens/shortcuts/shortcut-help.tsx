import { ACTION_GROUPS, ACTION_IDS, ACTIONS, shortcutKeys } from '../../actions/index.js';
import { Kbd } from '../../components/ui/kbd.js';
import { ModalFrame } from '../overlays/modal-frame.js';
import './shortcut-help.css';

/** Every key of the app (`?`), by group: the keyboard contract, as the catalogue holds it. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <ModalFrame label="Keyboard shortcuts" onClose={onClose} className="shortcut-help">
      <header className="shortcut-help__header">
        <h2 className="shortcut-help__title">Keyboard shortcuts</h2>
        <Kbd keys={['Esc']} />
      </header>
      <div className="shortcut-help__groups">
        {ACTION_GROUPS.map((group) => {
          const ids = ACTION_IDS.filter((id) => ACTIONS[id].group === group && ACTIONS[id].keys);
          return (
            <section key={group} className="shortcut-help__group" aria-label={group}>
              <h3 className="shortcut-help__group-title">{group}</h3>
              <dl className="shortcut-help__list">
                {ids.map((id) => (
                  <div key={id} className="shortcut-help__row">
                    <dt>{ACTIONS[id].title}</dt>
                    <dd>
                      {ACTIONS[id].keys?.map((shortcut, i) => (
                        <span key={shortcut} className="shortcut-help__keys">
                          {i > 0 ? <span className="shortcut-help__or">or</span> : null}
                          <Kbd keys={shortcutKeys(shortcut)} />
                        </span>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        })}
      </div>
    </ModalFrame>
  );
}
