import { useState, type DragEvent } from 'react';
import type { FileRef } from '../../../shared/api/contract';
import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import { api, errorMessage, registerDroppedFile } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatBytes } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ErrorSummary } from './ErrorSummary';
import type { Inspected } from './ImportScreen';

interface Props {
  initialSource: ImportableSource;
  onInspected(inspected: Inspected): void;
}

/** Step 1: which kind of file, and the file itself (native dialog, file input or drag and drop). */
export function ChooseFileStep({ initialSource, onInspected }: Props) {
  const { info, announce } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [source, setSource] = useState<ImportableSource>(initialSource);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  // The desktop app opens its own file dialog; a browser uses a file input and uploads.
  const nativePicker = info ? info.canPickFiles : !api.isBrowserMode;

  const inspect = async (file: FileRef) => {
    setBusy(`Reading the first rows of ${file.name} (${formatBytes(file.size)})…`);
    announce(`Reading ${file.name}…`);
    try {
      const proposal = await api.call('import/inspect', { file: file.token, source });
      onInspected({ file, source, proposal });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const fromFile = async (file: File) => {
    setError(null);
    setBusy(`Opening ${file.name}…`);
    let ref: FileRef;
    try {
      ref = await registerDroppedFile(file);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(null);
      return;
    }
    await inspect(ref);
  };

  const pick = async () => {
    setError(null);
    try {
      const ref = await api.call('files/pick', { title: `Choose the ${sourceDef(source).label} file` });
      if (ref) await inspect(ref);
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

      <div className="form-group">
        <fieldset className="fieldset" aria-describedby="source-hint">
          <legend className="fieldset__legend fieldset__legend--s">What kind of file is it?</legend>
          <div className="hint" id="source-hint">
            Only the files listed here can be imported in this version.
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
              Usually a .csv file exported from the revenues system.
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

      {busy && (
        <p className="body busy" role="status" data-testid="choose-busy">
          <span className="spinner" aria-hidden="true" /> {busy}
        </p>
      )}
    </div>
  );
}
