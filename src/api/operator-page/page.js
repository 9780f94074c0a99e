// The operator page's script (served inline by GET /, under a CSP hash). It reads the API the page
// is served by: GET /operator/status every few seconds, GET /failures, and the buttons' POSTs. The
// session cookie of the sign-in authenticates every request; nothing is stored in the browser.
'use strict';

(function operatorPage() {
  const REFRESH_MS = 5000;
  const $ = (id) => document.getElementById(id);
  let timer;

  /** A fetch of this API: JSON in and out; a 401 shows the sign-in. */
  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      showSignIn();
      throw new Error('sign in first');
    }
    const text = await response.text();
    const json = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) throw new Error((json && json.detail) || `${response.status} ${response.statusText}`);
    return json;
  }

  const element = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };
  const time = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '');
  const row = (cells) => {
    const tr = document.createElement('tr');
    for (const cell of cells) tr.append(cell instanceof Node ? wrap(cell) : element('td', cell));
    return tr;
  };
  const wrap = (node) => {
    const td = document.createElement('td');
    td.append(node);
    return td;
  };
  const link = (href, text) => {
    const a = element('a', text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener';
    return a;
  };

  function showSignIn() {
    clearTimeout(timer);
    $('dashboard').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    $('token').focus();
  }

  function renderConnection(testId, side, details) {
    const tr = document.querySelector(`[data-testid="${testId}"]`);
    const state = tr.querySelector('[data-field="state"]');
    state.textContent = side.state;
    state.className = `state state-${side.state}`;
    tr.querySelector('[data-field="details"]').textContent = details;
  }

  function renderStatus(status) {
    $('mode').textContent = status.mode === 'sandbox' ? 'sandbox mode (simulators)' : 'live';
    $('updated').textContent = `updated ${time(status.generatedAt)} UTC`;
    const { intercom, hull } = status.connections;
    const workspace = intercom.workspaceId
      ? `workspace ${intercom.workspaceName ?? ''} (${intercom.workspaceId}), region ${intercom.region ?? 'unknown'}`
      : 'workspace not known yet';
    renderConnection(
      'intercom-connection',
      intercom,
      [workspace, intercom.apiUrl, intercom.reason, intercom.checkedAt && `checked ${time(intercom.checkedAt)}`]
        .filter(Boolean)
        .join(' · '),
    );
    renderConnection(
      'hull-connection',
      hull,
      [
        `connector ${hull.connectorName ?? ''} (${hull.connectorId})`,
        hull.reason,
        hull.checkedAt && `checked ${time(hull.checkedAt)}`,
      ]
        .filter(Boolean)
        .join(' · '),
    );
    $('connect-intercom').hidden = intercom.connect === undefined;
    $('reconnect').hidden = intercom.reconnect === undefined;
    $('reconnect').textContent = intercom.reconnect ?? '';

    const { rate } = status;
    const percent = Math.round(rate.share * 1000) / 10;
    $('rate-bar').style.width = `${Math.min(100, percent)}%`;
    $('rate-text').textContent =
      rate.limitPerMinute > 0
        ? `${percent}% in use: ${rate.requestsPerMinute} of ${rate.limitPerMinute} requests per minute (${rate.workers} worker${rate.workers === 1 ? '' : 's'} reporting)`
        : 'no worker has reported yet';
    $('rate-window').textContent = rate.window
      ? `current 10-s window: ${rate.window.remaining} of ${rate.window.limit} left, resets ${time(rate.window.resetAt)}`
      : '';

    const runs = $('runs');
    runs.replaceChildren();
    for (const run of status.runs) {
      const progress = document.createElement('div');
      if (run.percent !== undefined) {
        const bar = element('div', undefined, 'bar');
        const fill = document.createElement('div');
        fill.style.width = `${run.percent}%`;
        bar.append(fill);
        progress.append(bar);
      }
      progress.append(element('div', run.summary));
      if (run.waiting) progress.append(element('div', `now: ${run.waiting}`, 'muted'));
      if (run.failure) progress.append(element('div', run.failure, 'state-FAILED'));
      const tr = row([
        element('span', run.name),
        element('span', run.status, `state state-${run.status}`),
        progress,
        time(run.startTime),
        run.temporalUrl ? link(run.temporalUrl, 'Temporal UI') : '',
      ]);
      tr.dataset.testid = 'run';
      tr.dataset.kind = run.kind;
      runs.append(tr);
    }
    $('runs-empty').hidden = status.runs.length > 0;

    const writes = $('writes');
    writes.replaceChildren();
    for (const hour of status.writesByHour) {
      const tr = row([
        time(hour.hour).slice(0, 16),
        hour.created,
        hour.updated,
        hour.unchanged,
        hour.skipped,
        hour.failed,
      ]);
      for (const td of [...tr.children].slice(1)) td.className = 'n';
      tr.dataset.testid = 'writes-hour';
      writes.append(tr);
    }
    $('writes-empty').hidden = status.writesByHour.length > 0;

    const links = $('temporal-links');
    links.replaceChildren();
    for (const entry of status.temporal.links) {
      const li = document.createElement('li');
      li.append(
        entry.url ? link(entry.url, entry.label) : element('span', entry.label),
        ' ',
        element('code', entry.query),
      );
      links.append(li);
    }
    $('temporal-no-ui').hidden = status.temporal.uiUrl !== undefined;
  }

  function renderFailures(failures) {
    const body = $('failures');
    body.replaceChildren();
    for (const workflow of failures.workflows) {
      for (const failure of workflow.failures) {
        const button = element('button', 'Re-drive');
        button.type = 'button';
        button.addEventListener('click', () => retry(workflow.workflowId));
        const tr = row([failure.what, failure.reason, time(failure.since), button]);
        tr.dataset.testid = 'failure';
        tr.dataset.workflowId = workflow.workflowId;
        body.append(tr);
      }
    }
    for (const run of failures.runs) {
      const action = run.retry
        ? element('button', 'Run again')
        : element('span', 'the next scheduled run retries it', 'muted');
      if (run.retry) action.addEventListener('click', () => send(run.retry, $('retry-message')));
      const tr = row([`run ${run.workflowId}`, run.reason, time(run.closeTime), action]);
      tr.dataset.testid = 'failed-run';
      body.append(tr);
    }
    const none = failures.workflows.length === 0 && failures.runs.length === 0;
    $('failures-empty').hidden = !none;
    $('retry-all').hidden = failures.workflows.length === 0;
    $('failure-count').textContent = none ? '' : `(${failures.count} kept, ${failures.runs.length} failed runs today)`;
  }

  async function send(request, message) {
    message.textContent = '…';
    try {
      const answer = await api(request.method, request.path, request.body);
      message.textContent = answer && answer.retried ? `re-driven: ${answer.retried.length}` : 'started';
    } catch (error) {
      message.textContent = error.message;
    }
    await refresh();
  }

  const retry = (workflowId) =>
    send({ method: 'POST', path: '/failures/retry', body: workflowId ? { workflowId } : {} }, $('retry-message'));

  async function refresh() {
    clearTimeout(timer);
    try {
      const [status, failures] = await Promise.all([api('GET', '/operator/status'), api('GET', '/failures')]);
      $('sign-in').hidden = true;
      $('dashboard').hidden = false;
      $('sign-out').hidden = document.body.dataset.tokenRequired !== 'true';
      renderStatus(status);
      renderFailures(failures);
      document.body.dataset.loaded = 'true';
    } catch (error) {
      if (!$('sign-in').hidden) return;
      $('updated').textContent = `could not refresh: ${error.message}`;
    }
    timer = setTimeout(refresh, REFRESH_MS);
  }

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-message').textContent = '';
    const response = await fetch('/operator/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: $('token').value }),
    });
    if (response.ok) {
      $('token').value = '';
      await refresh();
    } else {
      $('sign-in-message').textContent = (await response.json()).detail;
    }
  });
  $('sign-out').addEventListener('click', async () => {
    await fetch('/operator/session', { method: 'DELETE', credentials: 'same-origin' });
    showSignIn();
  });
  $('retry-all').addEventListener('click', () => retry(undefined));
  $('check-connections').addEventListener('click', async () => {
    $('check-message').textContent = 'checking…';
    try {
      await api('POST', '/actions/check-connections');
      $('check-message').textContent = 'both sides accepted the credentials';
    } catch (error) {
      $('check-message').textContent = error.message;
    }
    await refresh();
  });
  const connected = new URLSearchParams(window.location.search).get('connected');
  if (connected) {
    $('connected').hidden = false;
    $('connected').textContent = `Intercom workspace ${connected} connected.`;
  }
  void refresh();
})();
