import { useState, type DragEvent } from 'react';
import type { FileRef, ResponseOf } from '../../../shared/api/contract';
import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import { api, errorMessage, registerDroppedFile } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatBytes } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ErrorSummary } from './ErrorSummary';
import type { Inspected } from './ImportScreen';

type Recognised = ResponseOf<'import/recognise'>[number];

interface Props {
  initialSource: ImportableSource;
  onInspected(inspected: Inspected): void;
}

/**
 * Step 1: the file itself (native dialog, file input or drag and drop), then which kind of file
 * it is: the app's best guess is chosen, and the officer can change it.
 */
export function ChooseFileStep({ initialSource, onInspected }: Props) {
  const { info, announce } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [source, setSource] = useState<ImportableSource>(initialSource);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [file, setFile] = useState<FileRef | null>(null);
  const [guess, setGuess] = useState<Recognised | null>(null);

  // The desktop app opens its own file dialog; a browser uses a file input and uploads.
  const nativePicker = info ? info.canPickFiles : !api.isBrowserMode;

  const recognise = async (ref: FileRef) => {
    setBusy(`Looking at ${ref.name} (${formatBytes(ref.size)})…`);
    try {
      const guesses = await api.call('import/recognise', { file: ref.token });
      setFile(ref);
      setGuess(guesses[0] ?? null);
      if (guesses[0]) {
        setSource(guesses[0].source);
        announce(`${ref.name} looks like ${sourceDef(guesses[0].source).label}. Check it and continue.`);
      } else {
        announce(`Say what kind of file ${ref.name} is, then continue.`);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const inspect = async () => {
    if (!file) return;
    setError(null);
    setBusy(`Reading the first rows of ${file.name} (${formatBytes(file.size)})…`);
    announce(`Reading ${file.name}…`);
    try {
      const proposal = await api.call('import/inspect', { file: file.token, source });
      onInspected({ file, source, proposal, run: proposal.suggestedRun ?? '' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const fromFile = async (f: File) => {
    setError(null);
    setBusy(`Opening ${f.name}…`);
    let ref: FileRef;
    try {
      ref = await registerDroppedFile(f);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(null);
      return;
    }
    await recognise(ref);
  };

  const pick = async () => {
    setError(null);
    try {
      const ref = await api.call('files/pick', { title: 'Choose the file to import' });
      if (ref) await recognise(ref);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const onDrop = (ev: DragEvent<HTMLDivElement>) => {
    ev.preventDefault();
    setDragging(false);
    if (busy) return;
    const files = ev.dataTransfer.files;
    if (files.length === 0) return;
    if (files.length > 1) {
      setError('Drop one file at a time.');
      return;
    }
    void fromFile(files[0]);
  };

  return (
    <div data-testid="choose-step">
      <h2 className="heading-m" ref={heading} tabIndex={-1}>
        Choose the file
      </h2>
      <ErrorSummary errors={error ? [{ message: error }] : []} focus />

      <div
        className={`drop-zone${dragging ? ' drop-zone--active' : ''}`}
        data-testid="drop-zone"
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
      >
        {nativePicker ? (
          <button type="button" className="button" onClick={pick} disabled={busy !== null} data-testid="pick-file">
            Choose the file
          </button>
        ) : (
          <div className="form-group form-group--flush">
            <label className="label label--s" htmlFor="file-input">
              Choose the file
            </label>
            <div className="hint" id="file-input-hint">
              A .csv or .xlsx export, a print-house .txt file, or the deaths report (.pdf or .txt).
            </div>
            <input
              className="file-upload"
              id="file-input"
              type="file"
              data-testid="file-input"
              aria-describedby="file-input-hint"
              disabled={busy !== null}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void fromFile(f);
              }}
            />
          </div>
        )}
        <p className="drop-zone__text">or drag the file and drop it here</p>
      </div>

      {file && (
        <div data-testid="source-choice">
          <dl className="summary-list summary-list--compact">
            <div className="summary-list__row">
              <dt className="summary-list__key">File</dt>
              <dd className="summary-list__value" data-testid="chosen-file">
                {file.name} ({formatBytes(file.size)})
              </dd>
            </div>
          </dl>
          {guess ? (
            <div className="inset" data-testid="recognised-source" data-source={guess.source}>
              <p className="body">
                This looks like <strong>{sourceDef(guess.source).label}</strong>.
              </p>
              {guess.reasons.length > 0 && (
                <ul className="list list--bullet" data-testid="recognised-reasons">
                  {guess.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              )}
            </div>
          ) : (
            <div className="inset" data-testid="recognised-source" data-source="">
              <p className="body">The app could not tell what kind of file this is. Choose it below.</p>
            </div>
          )}
          <div className="form-group">
            <fieldset className="fieldset" aria-describedby="source-hint">
              <legend className="fieldset__legend fieldset__legend--s">What kind of file is it?</legend>
              <div className="hint" id="source-hint">
                Change this if the guess is wrong. Only the files listed here can be imported in this version.
              </div>
              <div className="radios">
                {IMPORTABLE_SOURCE_NAMES.map((name) => {
                  const def = sourceDef(name);
                  return (
                    <div className="radios__item" key={name}>
                      <input
                        className="radios__input"
                        type="radio"
                        id={`source-${name}`}
                        name="import-source"
                        value={name}
                        checked={source === name}
                        onChange={() => setSource(name)}
                        aria-describedby={`source-${name}-hint`}
                        data-testid={`source-${name}`}
                      />
                      <label className="radios__label" htmlFor={`source-${name}`}>
                        {def.label}
                      </label>
                      <div className="hint radios__hint" id={`source-${name}-hint`}>
                        {def.description}
                      </div>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
          <div className="button-group">
            <button type="button" className="button" onClick={() => void inspect()} disabled={busy !== null} data-testid="continue">
              Continue
            </button>
          </div>
        </div>
      )}

      {busy && (
        <p className="body busy" role="status" data-testid="choose-busy">
          <span className="spinner" aria-hidden="true" /> {busy}
        </p>
      )}
    </div>
  );
}
