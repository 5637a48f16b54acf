/** English: the reference set of keys; ru.ts must have every one (test/unit/console-locales.test.ts). */
export const en = {
  common: {
    loading: 'Loading…', save: 'Save', cancel: 'Cancel', copy: 'Copy', copied: 'Copied', language: 'Language',
    errorTitle: 'Something went wrong', unavailableTitle: 'Not available',
    unavailable: 'This server does not offer this yet.',
    forbiddenTitle: 'Not allowed', forbidden: 'Your role does not allow this.', adminOnly: 'This screen is for administrators.',
  },
  signIn: {
    title: 'Sign in to the console', email: 'E-mail', password: 'Password', submit: 'Sign in',
    token: 'API token', tokenHint: 'An operator token (Authorization: Bearer), kept for this tab only.',
    useToken: 'Sign in with an API token instead', usePassword: 'Sign in with e-mail and password',
    wrong: 'Wrong e-mail, password or token.', tooMany: 'Too many attempts. Wait a minute and try again.',
    noSessions: 'This server does not offer password sign-in yet: use an API token.',
  },
  invitation: {
    title: 'Welcome to the console', for: 'Choose a password for {{email}}.', password: 'Password',
    passwordHint: 'At least 10 characters.', repeat: 'Repeat the password', mismatch: 'The passwords differ.',
    submit: 'Set the password and sign in', invalid: 'This invitation link is unknown, used or expired: ask an administrator for a new one.',
  },
  nav: {
    queue: 'Queue', admin: 'Administration', operators: 'Operators', teams: 'Teams', sla: 'SLA policies',
    calendars: 'Business hours', canned: 'Canned responses', tokens: 'API tokens', signOut: 'Sign out',
  },
  live: {
    connecting: 'Connecting', live: 'Live', polling: 'Refreshing', offline: 'Offline',
    connectingHint: 'Connecting to live updates…', liveHint: 'Changes appear as they happen.',
    pollingHint: 'This server cannot push updates: the console refreshes every few seconds.',
    offlineHint: 'Live updates are down; reconnecting.',
    offerTitle: 'A task for you', offer: 'A customer is waiting: claim the task to take it.',
    decline: 'Decline', declineFailed: 'Could not decline the task',
  },
  presence: { online: 'Online', away: 'Away', offline: 'Offline' },
  queue: {
    title: 'Queue', hint: 'N: next task · C: claim', scope: 'Show', scopeAll: 'All', scopeMine: 'Mine', scopeUnassigned: 'Unassigned',
    team: 'Team', priority: 'Priority', channel: 'Channel', status: 'Status', customer: 'Customer', language: 'Language',
    summary: 'Why', waiting: 'Waiting', sla: 'SLA', empty: 'No open tasks. Nice.', unknownCustomer: 'unknown',
  },
  taskStatus: { queued: 'Waiting', claimed: 'Taken', mine: 'Mine' },
  priority: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
  channel: { api: 'App', widget: 'Web chat', telegram: 'Telegram', whatsapp: 'WhatsApp', email: 'E-mail' },
  reason: {
    customer_asked_for_human: 'Asked for a person', negative_sentiment: 'Unhappy customer', low_confidence: 'Assistant unsure',
    assistant_unavailable: 'Assistant unavailable', reopened: 'Reopened',
  },
  status: {
    label: 'My status', capacity: 'Capacity', failed: 'Could not change your status',
    open: 'Open', waiting_customer: 'Waiting for customer', escalated: 'With a person', resolved: 'Resolved', closed: 'Closed',
  },
  sla: {
    ok: 'On time', atRisk: 'At risk: past the warning point', breached: 'Breached', clocks: 'SLA clocks',
    firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution', met: 'Met',
    paused: 'Paused while waiting for the customer (since {{since}})',
  },
  time: { min: 'min', h: 'h', d: 'd' },
  author: { customer: 'Customer', assistant: 'Assistant', operator: 'Operator', system: 'System' },
  source: { openai: 'ChatGPT', offline: 'offline assistant' },
  decision: { answer: 'Answered', clarify: 'Asked back', escalate: 'Escalated' },
  sentiment: { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' },
  issue: {
    title: 'Issue', conversation: 'Conversation', olderMessages: '{{count}} earlier messages are in the history',
    attachment: 'Attachment', stale: 'as last recorded', heldBy: '{{name}} is handling this issue.', anotherOperator: 'Another operator',
    tabAudit: 'Assistant', tabCustomer: 'Customer', tabNotes: 'Notes and tags',
    keys: 'Keys: Ctrl+Enter sends the reply · N: next task · C: claim',
  },
  audit: {
    classification: 'Classification', confidence: 'confidence {{value}} %', escalatedBecause: 'Escalated:',
    noClassification: 'Not classified yet.', noTurns: 'No assistant turns recorded.', cited: 'Article', retrieved: 'Found',
  },
  card: {
    orders: 'Orders', returns: 'Returns', previousIssues: 'Previous issues', none: 'None',
    name: 'Name', email: 'E-mail', phone: 'Phone', tier: 'Tier', externalId: 'Customer id',
  },
  notes: {
    private: 'Internal notes are for the team only and never sent to the customer.', label: 'Internal note',
    placeholder: 'Write a note for colleagues…', add: 'Add note', added: 'Note added', failed: 'Could not add the note',
  },
  tags: { label: 'Tags', placeholder: 'Add a tag and press Enter', failed: 'Could not save the tags' },
  reply: {
    label: 'Reply to the customer', placeholder: 'Write a reply…', claimFirst: 'Claim the task to reply.',
    send: 'Send', toSend: 'to send', useDraft: 'Use the draft ({{source}})', canned: 'Canned response…',
    draftAvailable: 'The assistant prepared a draft for this reply.',
  },
  actions: {
    claim: 'Claim', claimed: 'Task claimed', claimFailed: 'Could not claim the task', release: 'Release',
    released: 'Task back in the queue', releaseFailed: 'Could not release the task', transfer: 'Transfer',
    transferred: 'Task transferred', transferFailed: 'Could not transfer the task', priority: 'Priority',
    priorityChanged: 'Priority changed', priorityFailed: 'Could not change the priority', resolve: 'Resolve',
    resolvedDone: 'Issue resolved', resolveFailed: 'Could not resolve the issue', reopen: 'Reopen', reopened: 'Issue reopened',
    reopenFailed: 'Could not reopen the issue', replySent: 'Reply sent', replyFailed: 'Could not send the reply',
  },
  transfer: { person: 'To a person', team: 'To a team' },
  role: { agent: 'Agent', operator: 'Agent', supervisor: 'Supervisor', admin: 'Administrator', integration: 'Integration' },
  weekday: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
  admin: {
    operators: 'Operators', teamsTitle: 'Teams', slaTitle: 'SLA policies', calendarsTitle: 'Business hours',
    cannedTitle: 'Canned responses', tokensTitle: 'API tokens', empty: 'Nothing here yet.',
    name: 'Name', email: 'E-mail', role: 'Role', teams: 'Teams', languages: 'Languages', skills: 'Skills',
    supervisors: 'Supervisors', members: 'Members', status: 'Status', createdAt: 'Created', create: 'Create', created: 'Created', createFailed: 'Could not create it',
    delete: 'Delete', deleted: 'Deleted', deleteFailed: 'Could not delete it',
    invite: 'Invite', invited: 'Invitation created', inviteFailed: 'Could not invite', invitationLink: 'Send this link to the new operator',
    newTeam: 'New team', titleField: 'Title', text: 'Text', language: 'Language',
    variables: 'Variables: {{first}}, {{second}}',
    tokenOnce: 'Copy the token now: it is shown only once.',
    timeZone: 'Time zone', hours: 'Hours', holidays: 'Holidays', newCalendar: 'New calendar',
    slotsHint: 'Opening hours per day, e.g. 09:00-13:00, 14:00-18:00; empty = closed; 00:00-24:00 = all day.',
    badSlots: 'HH:MM-HH:MM, …', calendar: 'Calendar', warningShare: 'Warning at', targets: 'Targets (first / next / resolution)',
    newPolicy: 'New SLA policy', edit: 'Edit', saved: 'Saved', editing: 'Editing {{name}}',
  },
};

/** Every translation set has the shape of the English one. */
export type Messages = typeof en;
