import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FindingRuleCount, FindingState, ResponseOf, ReviewFindingsQuery } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { capitalise, formatCount, plural } from '../lib/format';
import { isImportableSource } from '../lib/sources';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ExportButtons } from './ExportButtons';
import { Checkbox, ErrorMessage, SearchField, SelectField, SourceOptions } from './Fields';
import { NeedWorkspace } from './NeedWorkspace';
import { Pagination } from './Pagination';
import { UndoButton } from './UndoButton';
import { BulkActions, type BulkAction } from './findings/BulkActions';
import { ReviewTable } from './findings/ReviewTable';
import { KIND_LABEL, STATE_LABEL, type FindingKind } from './findings/reviewLabels';
import { RuleSummary } from './findings/RuleSummary';
import { StateTabs, type StateFilter } from './findings/StateTabs';
import { UnappliedChanges } from './findings/UnappliedChanges';

type Severity = 'error' | 'warning' | 'info';
type Page = ResponseOf<'review/findings'>;

const PAGE_SIZE = 50;

interface Filters {
  kind: FindingKind | '';
  source: string;
  severity: Severity | '';
  rule: string;
  state: StateFilter;
}

const START: Filters = { kind: '', source: '', severity: '', rule: '', state: 'open' };

/**
 * Review the workspace: every finding of the imports and the cross-source checks with its
 * state (open, reviewed, fixed, excluded), filtered and searched; select findings to mark
 * them reviewed, exclude their rows or reopen them; open a finding's row or account.
 */
export function FindingsScreen() {
  const { workspace, announce, navigate, params } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  // Opened from elsewhere on one source, rule or account (the Dashboard, the account view).
  const [filters, setFilters] = useState<Filters>(() => ({ ...START, source: params.source ?? '', rule: params.code ?? '' }));
  const [searchText, setSearchText] = useState(params.account ?? '');
  const search = useDebouncedValue(searchText.trim(), 300);
  const [page, setPage] = useState<Page | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rules, setRules] = useState<FindingRuleCount[] | null>(null);
  const [rulesError, setRulesError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  /** Bumped after every change, so lists, counts and the undo control read again. */
  const [version, setVersion] = useState(0);

  // New filters start again on the first page with nothing selected.
  const filterKey = JSON.stringify([filters, search]);
  const [paging, setPaging] = useState({ key: filterKey, offset: 0 });
  const offset = paging.key === filterKey ? paging.offset : 0;
  const setOffset = (o: number) => setPaging({ key: filterKey, offset: o });
  useEffect(() => setSelected(new Set()), [filterKey]);

  const query = useMemo<ReviewFindingsQuery>(
    () => ({
      kind: filters.kind || undefined,
      source: filters.source || undefined,
      severity: filters.severity || undefined,
      rule: filters.rule || undefined,
      state: filters.state === 'all' ? undefined : filters.state,
      search: search || undefined,
      offset,
      limit: PAGE_SIZE,
    }),
    [filters, search, offset],
  );

  // Says how many findings a new filter shows; not after a change, whose own message stands.
  const announcedKey = useRef(filterKey);
  useEffect(() => {
    if (!workspace) return;
    let live = true;
    setLoading(true);
    api
      .call('review/findings', query)
      .then((r) => {
        if (!live) return;
        setPage(r);
        setError(null);
        if (announcedKey.current !== filterKey) {
          announcedKey.current = filterKey;
          announce(`${plural(r.total, 'finding')} shown.`);
        }
      })
      .catch((e: unknown) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [workspace, query, version, filterKey, announce]);

  useEffect(() => {
    if (!workspace) return;
    let live = true;
    api
      .call('review/rules', {})
      .then((r) => {
        if (!live) return;
        setRules(r);
        setRulesError(null);
      })
      .catch((e: unknown) => live && setRulesError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [workspace, version]);

  const ruleOptions = useMemo(() => {
    const names = (rules ?? []).filter((r) => !filters.kind || r.kind === filters.kind).map((r) => r.rule);
    if (filters.rule && !names.includes(filters.rule)) names.push(filters.rule);
    return [...new Set(names)].sort();
  }, [rules, filters.kind, filters.rule]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  const toggle = useCallback((id: string, on: boolean) => {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const items = page?.items ?? [];
  const allOnPage = items.length > 0 && items.every((f) => selected.has(f.id));
  const someOnPage = items.some((f) => selected.has(f.id));

  const selectPage = (on: boolean) => {
    setSelected((s) => {
      const next = new Set(s);
      for (const f of items) {
        if (on) next.add(f.id);
        else next.delete(f.id);
      }
      return next;
    });
  };

  const onAction = async (action: BulkAction, note: string) => {
    const ids = [...selected];
    setBusy(true);
    setMessage(null);
    try {
      let text: string;
      if (action === 'reviewed') {
        const r = await api.call('review/setState', { ids, state: 'reviewed', note });
        text = `${plural(r.updated, 'finding')} marked as reviewed.`;
      } else if (action === 'reopen') {
        const r = await api.call('review/setState', { ids, state: 'open', note });
        text = r.updated === 0 ? 'None of the selected findings could be reopened.' : `${plural(r.updated, 'finding')} reopened.`;
      } else {
        const r = await api.call('review/excludeRows', { ids, note });
        text = `${plural(r.excludedRows, 'row')} excluded.`;
      }
      setMessage(text);
      announce(text);
      setSelected(new Set());
      setVersion((v) => v + 1);
    } catch (e) {
      throw new Error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onUndone = useCallback(() => {
    setMessage(null);
    setSelected(new Set());
    setVersion((v) => v + 1);
  }, []);

  if (!workspace) {
    return (
      <section aria-labelledby="findings-heading" data-testid="findings-screen">
        <h1 className="heading-l" id="findings-heading" ref={heading} tabIndex={-1}>
          Findings
        </h1>
        <NeedWorkspace />
      </section>
    );
  }

  const stateWord = filters.state === 'all' ? '' : `${STATE_LABEL[filters.state as FindingState].toLowerCase()} `;
  const caption = `${capitalise(stateWord)}findings${filters.rule ? ` for ${filters.rule}` : ''}${search ? ` matching “${search}”` : ''}`;
  const filtered = filters.kind || filters.source || filters.severity || filters.rule || search;

  return (
    <section aria-labelledby="findings-heading" data-testid="findings-screen" className="review-screen">
      <h1 className="heading-l" id="findings-heading" ref={heading} tabIndex={-1}>
        Findings
      </h1>
      <p className="body">
        What the checks found in the imported files and across them. Decide on each finding: correct or exclude its row, or mark it as
        reviewed with a note.
      </p>
      <UndoButton onUndone={onUndone} refreshKey={version} />
      <UnappliedChanges refreshKey={version} />

      <StateTabs value={filters.state} counts={page?.counts ?? null} onChange={(s) => set('state', s)} />

      <div className="toolbar" role="search" aria-label="Filter the findings">
        <SelectField
          className="toolbar__item"
          id="findings-kind"
          label="Kind"
          value={filters.kind}
          onChange={(kind) => setFilters((f) => ({ ...f, kind: kind as FindingKind | '', rule: '' }))}
        >
          <option value="">All kinds</option>
          <option value="validation">{KIND_LABEL.validation}s</option>
          <option value="reconciliation">{KIND_LABEL.reconciliation}s</option>
        </SelectField>
        <SelectField className="toolbar__item" id="findings-source" label="File" value={filters.source} onChange={(source) => set('source', source)}>
          <option value="">All files</option>
          <SourceOptions />
        </SelectField>
        <SelectField
          className="toolbar__item"
          id="findings-severity"
          label="Severity"
          value={filters.severity}
          onChange={(severity) => set('severity', severity as Severity | '')}
        >
          <option value="">All</option>
          <option value="error">Errors</option>
          <option value="warning">Warnings</option>
          <option value="info">Information</option>
        </SelectField>
        <SelectField className="toolbar__item" id="findings-rule" label="Rule" value={filters.rule} onChange={(rule) => set('rule', rule)}>
          <option value="">All rules</option>
          {ruleOptions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <SearchField id="findings-search" hint="Account number, row, file name or words of the message" value={searchText} onChange={setSearchText} />
      </div>
      {(filtered || filters.state !== 'open') && (
        <p className="body">
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setFilters(START);
              setSearchText('');
            }}
            data-testid="clear-filters"
          >
            Clear the filters
          </button>
        </p>
      )}

      {error && <ErrorMessage testId="findings-error">{error}</ErrorMessage>}
      {message && (
        <div className="panel panel--success panel--compact" data-testid="findings-message">
          <p className="panel__body">{message}</p>
        </div>
      )}

      {page && (
        <div data-testid="findings-list" aria-busy={loading}>
          <p className="body" data-testid="findings-count" data-total={page.total}>
            {page.total === 0
              ? filtered
                ? 'No findings match these filters.'
                : filters.state === 'open'
                  ? 'There are no open findings. Everything has been decided.'
                  : 'There are no findings here.'
              : `Showing ${formatCount(offset + 1)} to ${formatCount(offset + items.length)} of ${plural(page.total, `${stateWord}finding`)}`}
          </p>
          {items.length > 0 && (
            <>
              <Checkbox
                id="select-page"
                label={`Select all on this page (${formatCount(items.length)})`}
                checked={allOnPage}
                indeterminate={someOnPage && !allOnPage}
                onChange={selectPage}
                testId="select-page"
              />
              <ReviewTable
                items={items}
                caption={caption}
                selected={selected}
                onToggle={toggle}
                onOpenRows={(source, rowIds) => navigate('rows', { source, rowIds })}
                onOpenAccount={(account) => navigate('account', { account })}
              />
              <Pagination offset={offset} pageSize={PAGE_SIZE} total={page.total} onChange={setOffset} label="Findings pages" />
            </>
          )}
        </div>
      )}
      {!page && !error && <p className="body">Loading findings…</p>}

      <BulkActions selectedCount={selected.size} busy={busy} onAction={onAction} onClearSelection={() => setSelected(new Set())} />

      <h2 className="heading-m">Findings by rule</h2>
      <RuleSummary
        rules={rules}
        error={rulesError}
        onPick={(r) => {
          setFilters((f) => ({ ...f, kind: r.kind, rule: r.rule, severity: '' }));
          // Back up to the list, which now shows that rule's findings (its count is announced).
          document.getElementById('findings-heading')?.scrollIntoView();
        }}
      />

      <h2 className="heading-m">Validation report</h2>
      <p className="body">Every finding of the files in use and the cross-source checks, for Excel{filters.source ? ', for the file chosen above' : ''}.</p>
      <ExportButtons source={isImportableSource(filters.source) ? filters.source : undefined} />
    </section>
  );
}
