'use strict';
// The staff console (docs/console.md): sign in with a staff account, the tokens held in this page's memory only,
// pages shown by role. The services enforce every role on their own; what is hidden here is only what would fail.
(() => {
  const TEXT = {
    en: {
      language: 'Language', skip: 'Skip to content', pages: 'Console pages', signInTitle: 'Sign in to the staff console',
      email: 'Email', password: 'Password', signIn: 'Sign in', signOut: 'Sign out',
      signedInAs: 'Signed in: {roles}', notStaff: 'This account has no staff role.',
      expired: 'Your session ended; sign in again.', signedOut: 'You are signed out.',
      nothing: 'No page of this console is for your roles yet.',
      requests: 'Requests', requestsTitle: 'Open data-subject requests',
      requestsIntro: 'Nearest deadline first. Every owner must answer before a request completes.',
      type: 'Type', subject: 'Subject', status: 'Status', deadline: 'Deadline', daysLeft: 'Days left',
      owners: 'Owners answered', actions: 'Actions', none: 'No open requests.',
      erasure: 'erasure', access: 'access', extend: 'Extend', extendTitle: 'Extend the deadline by two months',
      reason: 'Reason (recorded, shown to auditors)', confirmExtend: 'Extend by two months', cancel: 'Cancel',
      extended: 'Extended: {reason}', extendedDone: 'The deadline is extended.', loading: 'Loading…',
      failed: 'That did not work: {detail}', unreachable: 'A service could not be reached.',
      'status:in-progress': 'in progress', 'status:held': 'held', 'status:completed': 'completed',
      'status:collecting': 'collecting', 'status:ready': 'ready', 'status:expired': 'expired',
      'role:agent': 'agent', 'role:dpo': 'DPO', 'role:auditor': 'auditor', 'role:admin': 'admin',
      agents: 'Conversations', queueTitle: 'Conversations for a human', waitingTitle: 'Waiting',
      heldTitle: 'Held by agents', noneWaiting: 'Nobody is waiting.', noneHeld: 'No conversation is held.',
      waited: 'Waiting for', since: 'Handed off', holder: 'Held by', you: 'you', anotherAgent: 'agent {id}',
      firstResponse: 'First response', notYet: 'not yet', byEmail: 'wants a reply by email',
      take: 'Take', look: 'Look', open: 'Open', holding: 'You hold {n} of at most {max}.',
      sound: 'Play a sound when someone new is waiting', live: 'Live', offline: 'Reconnecting…',
      conversation: 'Conversation', choose: 'Choose a conversation from the queue.',
      logged: 'Every read of a conversation is recorded in the staff access log: who read it, when and why.',
      'author:subject': 'Person', 'author:assistant': 'Assistant', 'author:agent': 'Agent',
      attachments: 'Files', download: 'Download', reply: 'Your reply', send: 'Send', handBack: 'Hand back to the assistant',
      close: 'Close the conversation', taken: 'You took the conversation.', handedBack: 'Handed back to the assistant.',
      closed: 'The conversation is closed.', sent: 'Sent.', lost: 'You can no longer read this conversation (another agent took it, or it was closed).',
      takeToReply: 'Take the conversation to reply.', suggestions: 'Suggested answers',
      suggest: 'Suggest answers to the last message', noSuggestions: 'No article matches.', use: 'Use',
      snippets: 'Saved replies', insert: 'Insert', noSnippets: 'No saved replies yet.',
      saveSnippet: 'Save the reply as', snippetTitle: 'Title of the saved reply', save: 'Save', saved: 'Saved.',
      alsoViewing: 'Also looking: {agents}', details: 'Details', ownersTitle: 'Each owner\'s answer',
      erasedCol: 'Erased (category · store · count)', retainedCol: 'Kept, and why', waitingAnswer: 'waiting',
      ownerFailed: 'failed: {error}', heldBecause: 'held: {reason}', downloadCertificate: 'Download the certificate',
      findRequest: 'Any request by its id', requestId: 'Request id', 'status:open': 'with the assistant', 'status:waiting-for-agent': 'waiting', 'status:with-agent': 'with an agent',
      holds: 'Legal holds', holdsTitle: 'Legal holds',
      holdsIntro: 'A held subject\'s data is kept past its retention and their erasure waits until the last hold is released.',
      placeHold: 'Place a hold', subjectId: 'Subject id', subjectIdHint: 'The subject\'s id (a UUID), as requests and the ledger show it.',
      caseReference: 'Case reference', holdReason: 'Reason', holdUntil: 'Until (optional)', placedAt: 'Placed',
      activeHolds: 'Active holds', noHolds: 'No active holds.', release: 'Release', holdPlaced: 'The hold is placed.',
      holdReleased: 'The hold is released.',
      ledger: 'Consent ledger', ledgerTitle: 'The consent ledger',
      ledgerIntro: 'Every consent choice ever recorded, each entry chained to the one before by its hash.',
      filter: 'Filter the ledger', purpose: 'Purpose', from: 'From', to: 'To', policyVersion: 'Policy version',
      method: 'Method', any: 'any', search: 'Search', exportCsv: 'Export CSV', exportJson: 'Export JSON',
      exported: '{format} export downloaded.', verifyChain: 'Verify the hash chain',
      chainHolds: 'The chain holds: {n} entries checked, up to entry {seq}.',
      chainBroken: 'The chain is broken at entry {seq} ({id}): {problem}.', overTime: 'Choices per day',
      grants: 'grants and reconfirmations', withdrawals: 'withdrawals', day: 'Day', entries: 'Entries',
      noEntries: 'No entries match.', seq: '#', when: 'When', purposeCol: 'Purpose', action: 'Action', hash: 'Hash',
      previous: 'Previous', next: 'Next', pageOf: 'Page {page} of {pages}',
      verify: 'Verify', verifyTitle: 'Verify a certificate or a receipt',
      verifyIntro: 'Paste an erasure certificate or a consent receipt (the compact JWS, or the JSON document that carries it), or choose its file. The signature is checked here, in your browser, against the keys the issuing service publishes.',
      jwsLabel: 'Certificate or receipt', jwsHint: 'Three parts separated by dots: header.payload.signature',
      jwsFile: 'Or a file', notJws: 'This is not a compact JWS (three base64url parts with a JSON header and payload).',
      unknownAlg: 'Confidant signs with RS256 and names its key (kid); this document does not.',
      badSignature: 'The signature does not match the key of {service}: the document was altered or not issued by Confidant.',
      unknownKey: 'No Confidant service publishes the key {kid}: not issued by this installation.',
      goodSignature: 'A genuine {kind}: signed by {service} with the key {kid}.', certificateKind: 'erasure certificate',
      receiptKind: 'consent receipt', whatItProves: 'What it states', evidence: 'Download this subject\'s evidence',
      accessLog: 'Access log', accessLogTitle: 'The staff access log',
      accessLogIntro: 'Every time a staff member read someone\'s data, in every service: who (their id and roles), whose, what and why. Newest first.',
      staffId: 'Staff id', service: 'Service', resourceCol: 'What was read', why: 'Why',
      narrow: 'Only the latest 100 entries of each service are shown: narrow the search to see older ones.',
      staff: 'Staff', staffTitle: 'Staff accounts',
      staffIntro: 'Invite staff by mail, change their roles with a reason, deactivate an account. Every change is recorded with who made it and why, and ends the holder\'s sessions at once.',
      invite: 'Invite a staff member', displayName: 'Name', role: 'Role', roles: 'Roles', lastActive: 'Last active',
      invited: 'Invited: a link to choose a password is on its way.', changeRoles: 'Change roles',
      deactivate: 'Deactivate', rolesChanged: 'The roles are changed.', deactivated: 'The account is deactivated.',
      deactivateWarning: 'The account will sign in no more and its sessions end now, at every service.',
      'staff:active': 'active', 'staff:deactivated': 'deactivated', 'staff:deletion-requested': 'being deleted',
      'staff:awaiting-guardian': 'awaiting a guardian', 'role:user': 'user',
      stepUpTitle: 'Confirm it is you', stepUpText: 'This change needs your password again (a sign-in within the last five minutes).',
      confirm: 'Confirm', stepUpCancelled: 'Not confirmed: nothing was changed.',
      retention: 'Retention', retentionTitle: 'Retention schedules',
      retentionIntro: 'How long each category of personal data is kept, counted from when it was stored or from its last activity. The nightly sweep removes what is past its time everywhere; a held subject\'s data stays.',
      category: 'Category', keptFor: 'Kept for', keptForDays: 'Kept for (days)', clockCol: 'Counted from',
      description: 'Description', revision: 'Version', history: 'History', change: 'Change', days: '{n} days',
      'clock:created': 'when stored', 'clock:last-activity': 'last activity', scheduleChanged: 'The schedule is changed.',
      revisionLine: 'v{revision}: {days} days from {clock}, {when}', close: 'Close',
      sweepTitle: 'Sweep', sweepIntro: 'A sweep asks every data owner to remove what is past its retention now; the same runs every night.',
      runSweep: 'Run a sweep now', sweepRunning: 'Sweeping: waiting for every owner\'s answer…',
      sweepDone: 'Sweep complete: {n} records removed.', owner: 'Owner', answered: 'Answered', removed: 'Removed',
      sweepQueued: 'Waiting its turn',
      overdueTitle: 'Overdue', overdueCount: '{n} records are past their retention (held subjects excepted).',
      store: 'Store', expired: 'Expired',
      minors: 'Minor reports', minorsTitle: 'Reports that an account belongs to a child',
      minorsIntro: 'Confirming closes the account and erases everything about it; dismissing keeps it as it is.',
      reported: 'Reported', details: 'Details', noReports: 'No open reports.', confirmReport: 'Confirm: a child',
      dismissReport: 'Dismiss', confirmed: 'Confirmed: the account is closed and its erasure has begun.',
      dismissed: 'Dismissed.',
      ropa: 'Processing record', ropaTitle: 'Record of processing activities',
      ropaIntro: 'Built from the purpose catalogue, the retention schedules and the data map: why each category of personal data is processed, on which lawful basis, for how long, and which services hold it where.',
      lawfulBasis: 'Lawful basis', heldBy: 'Held by (stores)',
      lookUpTitle: 'A request by mail or phone', lookUpLabel: 'The person\'s email', lookUp: 'Find',
      foundPerson: 'An account ({status}, since {since}):', nobodyFound: 'No account has this address.',
      requestAccess: 'Request a copy of their data', requestErasure: 'Request erasure', theirLedger: 'Their consent choices',
      erasureRequested: 'Erasure requested: request {id}.', accessRequested: 'Access requested: request {id}.',
      policies: 'Purposes and policy', policiesTitle: 'Purposes and the privacy policy',
      policiesIntro: 'Why personal data is processed, on which one lawful basis, and the privacy policy\'s versions. Every change is a new revision, kept with who made it and why.',
      purposesTitle: 'Purposes', categories: 'Categories', categoriesHint: 'Data categories (separated by commas)',
      title: 'Title', purposeChanged: 'The purpose is changed: a new revision.', versionsTitle: 'Policy versions',
      version: 'Version', summary: 'Summary of the changes', material: 'Material', published: 'Published',
      effective: 'Takes effect', yes: 'yes', no: 'no', publishTitle: 'Publish a new version',
      policyText: 'The policy (Markdown)', materialChange: 'A material change (people must be told and asked again)',
      noticeMaterial: 'Account holders are mailed about it at once; from {when} every consent given under an earlier version must be given again, and the widget asks. A material version needs at least 30 days\' notice.',
      noticeMinor: 'Account holders are mailed about it; it takes effect on {when} and earlier consent stays valid.',
      publish: 'Publish', published: 'The version is published.', datasetTitle: 'Improvement dataset',
      datasetIntro: 'Redacted conversations of people who consented to service improvement, for training and evaluation.',
      datasetDownload: 'Download the dataset (JSON)',
      gpcRefusable: 'A Global Privacy Control signal refuses it'
    },
    zh: {
      language: '语言', skip: '跳到内容', pages: '控制台页面', signInTitle: '登录员工控制台',
      email: '电子邮件', password: '密码', signIn: '登录', signOut: '退出登录',
      signedInAs: '已登录：{roles}', notStaff: '此帐户没有员工角色。',
      expired: '会话已结束，请重新登录。', signedOut: '您已退出登录。',
      nothing: '控制台中暂无适合您角色的页面。',
      requests: '请求', requestsTitle: '未结的数据主体请求',
      requestsIntro: '截止日期最近的排在前面。所有数据所有者答复后请求才会完成。',
      type: '类型', subject: '数据主体', status: '状态', deadline: '截止日期', daysLeft: '剩余天数',
      owners: '已答复的所有者', actions: '操作', none: '没有未结的请求。',
      erasure: '删除', access: '访问', extend: '延期', extendTitle: '将截止日期延长两个月',
      reason: '理由（会被记录，审计员可见）', confirmExtend: '延长两个月', cancel: '取消',
      extended: '已延期：{reason}', extendedDone: '截止日期已延长。', loading: '正在加载…',
      failed: '操作未成功：{detail}', unreachable: '无法连接某个服务。',
      'status:in-progress': '处理中', 'status:held': '已暂停（法律保留）', 'status:completed': '已完成',
      'status:collecting': '收集中', 'status:ready': '可下载', 'status:expired': '已过期',
      'role:agent': '客服', 'role:dpo': '数据保护官', 'role:auditor': '审计员', 'role:admin': '管理员',
      agents: '会话', queueTitle: '转人工的会话', waitingTitle: '等待中', heldTitle: '客服处理中',
      noneWaiting: '没有人在等待。', noneHeld: '没有正在处理的会话。', waited: '已等待', since: '转人工时间',
      holder: '处理人', you: '您', anotherAgent: '客服 {id}', firstResponse: '首次回复', notYet: '尚未回复',
      byEmail: '希望通过电子邮件回复', take: '接入', look: '查看', open: '打开', holding: '您正在处理 {n} 个会话，上限 {max} 个。',
      sound: '有新访客等待时播放提示音', live: '实时', offline: '正在重新连接…',
      conversation: '会话', choose: '请从队列中选择一个会话。',
      logged: '每次查看会话都会记录在员工访问日志中：谁、何时、为何查看。',
      'author:subject': '用户', 'author:assistant': '助手', 'author:agent': '客服',
      attachments: '文件', download: '下载', reply: '您的回复', send: '发送', handBack: '交还给助手',
      close: '关闭会话', taken: '您已接入该会话。', handedBack: '已交还给助手。', closed: '会话已关闭。', sent: '已发送。',
      lost: '您已无法查看此会话（其他客服已接入，或会话已关闭）。', takeToReply: '接入会话后才能回复。',
      suggestions: '建议回答', suggest: '为最后一条消息推荐回答', noSuggestions: '没有匹配的文章。', use: '使用',
      snippets: '常用回复', insert: '插入', noSnippets: '还没有常用回复。', saveSnippet: '将回复保存为',
      snippetTitle: '常用回复的标题', save: '保存', saved: '已保存。',
      alsoViewing: '也在查看：{agents}', details: '详情', ownersTitle: '各数据所有者的答复',
      erasedCol: '已删除（类别 · 存储 · 数量）', retainedCol: '保留的数据及原因', waitingAnswer: '等待中',
      ownerFailed: '失败：{error}', heldBecause: '已暂停：{reason}', downloadCertificate: '下载删除证明',
      findRequest: '按 ID 查找请求', requestId: '请求 ID', 'status:open': '由助手处理', 'status:waiting-for-agent': '等待中', 'status:with-agent': '客服处理中',
      holds: '法律保留', holdsTitle: '法律保留', holdsIntro: '被保留的数据主体的数据在保留期满后仍会保存，其删除请求在最后一个保留解除前暂停。',
      placeHold: '设置保留', subjectId: '数据主体 ID', subjectIdHint: '数据主体的 ID（UUID），与请求和同意记录中显示的一致。',
      caseReference: '案件编号', holdReason: '理由', holdUntil: '截止日期（可选）', placedAt: '设置时间',
      activeHolds: '生效中的保留', noHolds: '没有生效中的保留。', release: '解除', holdPlaced: '已设置保留。',
      holdReleased: '已解除保留。',
      ledger: '同意记录', ledgerTitle: '同意记录账本', ledgerIntro: '所有同意选择的记录，每条记录都通过哈希与上一条相连。',
      filter: '筛选记录', purpose: '目的', from: '起始日期', to: '结束日期', policyVersion: '政策版本', method: '方式',
      any: '全部', search: '查询', exportCsv: '导出 CSV', exportJson: '导出 JSON', exported: '已下载 {format} 导出文件。',
      verifyChain: '校验哈希链', chainHolds: '哈希链完整：已校验 {n} 条记录，直到第 {seq} 条。',
      chainBroken: '哈希链在第 {seq} 条记录（{id}）处断开：{problem}。', overTime: '每日选择数',
      grants: '同意与再次确认', withdrawals: '撤回', day: '日期', entries: '记录', noEntries: '没有匹配的记录。',
      seq: '#', when: '时间', purposeCol: '目的', action: '操作', hash: '哈希', previous: '上一页', next: '下一页',
      pageOf: '第 {page} / {pages} 页',
      verify: '校验', verifyTitle: '校验删除证明或同意回执',
      verifyIntro: '粘贴删除证明或同意回执（紧凑 JWS，或包含它的 JSON 文档），或选择其文件。签名在您的浏览器中根据签发服务公布的密钥进行校验。',
      jwsLabel: '证明或回执', jwsHint: '由点分隔的三部分：header.payload.signature', jwsFile: '或选择文件',
      notJws: '这不是紧凑 JWS（三个 base64url 部分，头部和内容为 JSON）。',
      unknownAlg: 'Confidant 使用 RS256 签名并注明密钥（kid）；此文档没有。',
      badSignature: '签名与 {service} 的密钥不符：文档已被修改，或并非由 Confidant 签发。',
      unknownKey: '没有 Confidant 服务公布密钥 {kid}：并非由本系统签发。',
      goodSignature: '真实的{kind}：由 {service} 使用密钥 {kid} 签名。', certificateKind: '删除证明',
      receiptKind: '同意回执', whatItProves: '内容', evidence: '下载该数据主体的证据',
      accessLog: '访问日志', accessLogTitle: '员工访问日志',
      accessLogIntro: '各服务中员工每次查看他人数据的记录：谁（ID 和角色）、谁的数据、查看了什么、原因。最新的在前。',
      staffId: '员工 ID', service: '服务', resourceCol: '查看内容', why: '原因',
      narrow: '每个服务只显示最新的 100 条记录：缩小查询范围以查看更早的记录。',
      staff: '员工', staffTitle: '员工帐户',
      staffIntro: '通过邮件邀请员工、说明理由后更改角色、停用帐户。每次更改都会记录操作人和原因，并立即结束该员工的所有会话。',
      invite: '邀请员工', displayName: '姓名', role: '角色', roles: '角色', lastActive: '最近活动',
      invited: '已邀请：设置密码的链接已发出。', changeRoles: '更改角色', deactivate: '停用',
      rolesChanged: '角色已更改。', deactivated: '帐户已停用。',
      deactivateWarning: '该帐户将无法再登录，其所有会话在各服务中立即结束。',
      'staff:active': '正常', 'staff:deactivated': '已停用', 'staff:deletion-requested': '删除中',
      'staff:awaiting-guardian': '等待监护人确认', 'role:user': '用户',
      stepUpTitle: '确认是您本人', stepUpText: '此操作需要再次输入密码（五分钟内登录过）。', confirm: '确认',
      stepUpCancelled: '未确认：没有进行任何更改。',
      retention: '保留期限', retentionTitle: '保留期限表',
      retentionIntro: '每类个人数据的保留时间，从存储时或最后活动时起算。每晚的清理会在各处删除超期数据；被法律保留的数据主体除外。',
      category: '类别', keptFor: '保留', keptForDays: '保留天数', clockCol: '起算点', description: '说明',
      revision: '版本', history: '历史', change: '修改', days: '{n} 天', 'clock:created': '存储时',
      'clock:last-activity': '最后活动时', scheduleChanged: '保留期限已修改。',
      revisionLine: '第 {revision} 版：自{clock}起 {days} 天，{when}', close: '关闭',
      sweepTitle: '清理', sweepIntro: '清理会要求各数据所有者立即删除超过保留期限的数据；每晚也会自动执行。',
      runSweep: '立即清理', sweepRunning: '清理中：等待所有数据所有者答复…', sweepDone: '清理完成：删除了 {n} 条记录。',
      sweepQueued: '排队中',
      owner: '所有者', answered: '答复时间', removed: '删除数', overdueTitle: '超期数据',
      overdueCount: '{n} 条记录已超过保留期限（被法律保留的数据主体除外）。', store: '存储位置', expired: '到期时间',
      minors: '未成年人举报', minorsTitle: '帐户属于儿童的举报', minorsIntro: '确认后帐户将被关闭并删除其全部数据；驳回则保持不变。',
      reported: '举报时间', details: '详情', noReports: '没有未处理的举报。', confirmReport: '确认：是儿童',
      dismissReport: '驳回', confirmed: '已确认：帐户已关闭，删除已开始。', dismissed: '已驳回。',
      ropa: '处理活动记录', ropaTitle: '处理活动记录',
      ropaIntro: '根据目的目录、保留期限和数据地图生成：每类个人数据为何处理、依据何种合法基础、保留多久、由哪些服务存储在何处。',
      lawfulBasis: '合法基础', heldBy: '存储方（位置）',
      lookUpTitle: '通过邮件或电话提出的请求', lookUpLabel: '此人的电子邮件', lookUp: '查找',
      foundPerson: '找到帐户（{status}，创建于 {since}）：', nobodyFound: '没有使用此地址的帐户。',
      requestAccess: '申请其数据副本', requestErasure: '申请删除', theirLedger: '其同意选择',
      erasureRequested: '已申请删除：请求 {id}。', accessRequested: '已申请访问：请求 {id}。',
      policies: '目的与政策', policiesTitle: '处理目的与隐私政策',
      policiesIntro: '处理个人数据的目的、各自唯一的合法基础，以及隐私政策的各个版本。每次更改都是一个新版本，并记录操作人和原因。',
      purposesTitle: '处理目的', categories: '数据类别', categoriesHint: '数据类别（以逗号分隔）', title: '标题',
      purposeChanged: '目的已更改：生成了新版本。', versionsTitle: '政策版本', version: '版本', summary: '更改摘要',
      material: '重大更改', published: '发布时间', effective: '生效时间', yes: '是', no: '否',
      publishTitle: '发布新版本', policyText: '政策正文（Markdown）', materialChange: '重大更改（须告知用户并重新征求同意）',
      noticeMaterial: '帐户持有人会立即收到邮件；自 {when} 起，根据旧版本作出的同意须重新作出，小部件会询问。重大更改须至少提前 30 天发布。',
      noticeMinor: '帐户持有人会收到邮件；于 {when} 生效，之前的同意仍然有效。', publish: '发布', published: '版本已发布。',
      datasetTitle: '改进数据集', datasetIntro: '同意用于服务改进的用户的已脱敏对话，用于训练和评估。',
      datasetDownload: '下载数据集（JSON）', gpcRefusable: '全球隐私控制（GPC）信号视为拒绝'
    }
  };
  const STAFF = ['agent', 'dpo', 'auditor', 'admin'];
  const PAGES = [
    { id: 'agents', roles: ['agent'], render: agentsPage, leave: leaveDesk },
    { id: 'requests', roles: ['dpo', 'auditor'], render: requestsPage },
    { id: 'holds', roles: ['dpo', 'auditor'], render: holdsPage },
    { id: 'minors', roles: ['dpo'], render: minorsPage },
    { id: 'retention', roles: ['dpo', 'auditor'], render: retentionPage },
    { id: 'ropa', roles: ['dpo', 'auditor'], render: ropaPage },
    { id: 'policies', roles: ['dpo', 'auditor'], render: policiesPage },
    { id: 'ledger', roles: ['auditor', 'dpo'], render: ledgerPage },
    { id: 'accessLog', roles: ['auditor', 'dpo'], render: accessLogPage },
    { id: 'verify', roles: ['auditor', 'dpo', 'admin'], render: verifyPage },
    { id: 'staff', roles: ['admin'], render: staffPage }
  ];
  const session = { token: null, refresh: null, claims: null, timer: null };
  let config = { retentionUrl: null, consentUrl: null, chatUrl: null };
  let shown = null;
  let lang = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';

  const $ = (id) => document.getElementById(id);
  const t = (key, vars) => (TEXT[lang][key] || TEXT.en[key] || key)
    .replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] !== undefined ? vars[name] : ''));

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    });
    children.flat().forEach((child) => node.append(child instanceof Node ? child : document.createTextNode(child)));
    return node;
  }

  function say(message, isError) {
    const status = $('status');
    status.textContent = message || '';
    status.className = isError ? 'error' : '';
  }

  function claimsOf(token) {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  const roles = () => (session.claims && session.claims.groups) || [];
  const allowed = (page) => page.roles.some((role) => roles().includes(role));

  /** A JSON call with the session's token; one refresh on 401, then the session ends. */
  async function call(base, path, options, retried) {
    const headers = { Accept: 'application/json' };
    if (session.token) headers.Authorization = 'Bearer ' + session.token;
    if (options && options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch((base || '') + path, {
        method: (options && options.method) || 'GET', headers,
        body: options && options.body !== undefined ? JSON.stringify(options.body) : undefined
      });
    } catch (e) {
      throw new Error(t('unreachable'));
    }
    if (response.status === 401 && session.token && !retried) {
      const problem = await response.clone().json().catch(() => null);
      if (problem && String(problem.type).endsWith('/step-up-required')) {
        if (await stepUp()) return call(base, path, options, true);
        throw new Error(t('stepUpCancelled'));
      }
      if (await refresh()) return call(base, path, options, true);
      end('expired');
      throw new Error(t('expired'));
    }
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && (body.detail || body.title) ? (body.detail || body.title) : String(response.status);
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function keep(tokens) {
    session.token = tokens.accessToken;
    session.refresh = tokens.refreshToken;
    session.claims = claimsOf(tokens.accessToken);
    clearTimeout(session.timer);
    // renew a minute before the access token ends
    const wait = Math.max(5, session.claims.exp - Date.now() / 1000 - 60) * 1000;
    session.timer = setTimeout(() => refresh().then((ok) => { if (!ok) end('expired'); }), wait);
  }

  async function refresh() {
    if (!session.refresh) return false;
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: session.refresh })
      });
      if (!response.ok) return false;
      keep(await response.json());
      return true;
    } catch (e) {
      return false;
    }
  }

  /** Forgets the session (tokens were only ever in memory) and shows the sign-in form with why. */
  function end(reason) {
    clearTimeout(session.timer);
    leavePage();
    session.token = null;
    session.refresh = null;
    session.claims = null;
    render();
    say(t(reason), reason === 'expired');
  }

  async function signOut() {
    try {
      await call(null, '/api/auth/logout', { method: 'POST', body: {} }, true);
    } catch (e) {
      // the tokens are dropped here either way
    }
    end('signedOut');
  }

  function signInView(main) {
    const email = el('input', { id: 'email', type: 'email', autocomplete: 'username', required: true });
    const password = el('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const form = el('form', { class: 'signin', id: 'signin' },
      el('label', { for: 'email' }, t('email')), email,
      el('label', { for: 'password' }, t('password')), password,
      el('button', { type: 'submit' }, t('signIn')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      say('');
      try {
        const tokens = await call(null, '/api/auth/login', { method: 'POST',
          body: { email: email.value, password: password.value } }, true);
        const claims = claimsOf(tokens.accessToken);
        if (!(claims.groups || []).some((role) => STAFF.includes(role))) {
          await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + tokens.accessToken,
            'Content-Type': 'application/json' }, body: '{}' }).catch(() => null);
          say(t('notStaff'), true);
          return;
        }
        keep(tokens);
        password.value = '';
        const first = PAGES.find(allowed);
        location.hash = first ? '#/' + first.id : '#/';
        render();
      } catch (e) {
        say(t('failed', { detail: e.message }), true);
      }
    });
    main.append(el('h1', {}, t('signInTitle')), form);
    email.focus();
  }

  async function requestsPage(main) {
    main.append(el('h1', {}, t('requestsTitle')), el('p', { class: 'muted' }, t('requestsIntro')));
    if (roles().includes('dpo')) main.append(lookUpForm());
    main.append(requestByIdForm());
    const holder = el('div', { id: 'requests' }, t('loading'));
    main.append(holder);
    const requests = await call(config.retentionUrl, '/api/requests');
    holder.textContent = '';
    if (!requests.length) {
      holder.append(el('p', {}, t('none')));
      return;
    }
    const dpo = roles().includes('dpo');
    const rows = requests.map((request) => {
      const answered = (request.owners || []).filter((o) => o.acknowledgedAt || o.collectedAt).length;
      const actions = el('td', {});
      actions.append(el('button', { type: 'button', class: 'quiet', 'aria-expanded': 'false',
        'aria-label': t('details') + ' ' + request.id, onclick: (event) => toggleDetails(event.currentTarget, request) },
      t('details')), ' ');
      if (request.extensionReason) {
        actions.append(el('span', { class: 'muted' }, t('extended', { reason: request.extensionReason })));
      } else if (dpo && request.type === 'erasure') {
        actions.append(el('button', { class: 'quiet', type: 'button', 'data-request': request.id,
          'aria-label': t('extend') + ' ' + request.id, onclick: () => extendForm(actions, request) }, t('extend')));
      }
      return el('tr', { 'data-request': request.id },
        el('td', {}, t(request.type)),
        el('td', {}, el('code', { title: request.subjectId }, request.subjectId.slice(0, 8))),
        el('td', { 'data-status': request.status }, t('status:' + request.status)),
        el('td', {}, new Date(request.deadline).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB')),
        el('td', { class: request.daysLeft <= 7 ? 'due' : null }, String(request.daysLeft)),
        el('td', {}, answered + ' / ' + (request.owners || []).length),
        actions);
    });
    holder.append(el('table', {},
      el('caption', { class: 'visually-hidden' }, t('requestsTitle')),
      el('thead', {}, el('tr', {}, ['type', 'subject', 'status', 'deadline', 'daysLeft', 'owners', 'actions']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, rows)));
  }

  /** Every owner's answer to a request, and its certificate once an erasure is complete. */
  function requestDetails(request) {
    const counts = (list) => (Array.isArray(list) ? list : []).map((c) => c.category + ' · ' + c.store
      + (c.count !== undefined ? ' · ' + c.count : '') + (c.reason ? ' — ' + c.reason : '')).join('; ');
    const owners = el('table', { class: 'owners' },
      el('caption', { class: 'visually-hidden' }, t('ownersTitle')),
      el('thead', {}, el('tr', {}, ['owner', 'answered', 'erasedCol', 'retainedCol'].map((key) =>
        el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, (request.owners || []).map((o) => el('tr', { 'data-owner': o.owner },
        el('td', {}, o.owner),
        el('td', {}, o.acknowledgedAt || o.collectedAt ? new Date(o.acknowledgedAt || o.collectedAt)
          .toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') : (o.lastError ? t('ownerFailed', { error: o.lastError })
          : t('waitingAnswer'))),
        el('td', {}, counts(o.erased)), el('td', {}, counts(o.retained))))));
    const block = el('div', { class: 'request-details', 'data-request-details': request.id },
      el('p', {}, t(request.type), ' · ', el('code', {}, request.id), ' · ', t('status:' + request.status),
        request.heldReason ? ' · ' + t('heldBecause', { reason: request.heldReason }) : ''), owners);
    if (request.type === 'erasure' && request.status === 'completed') {
      block.append(el('button', { type: 'button', class: 'quiet', id: 'certificate-' + request.id, onclick: () =>
        download(config.retentionUrl, '/api/requests/' + request.id + '/certificate', 'certificate-' + request.id
          + '.json') }, t('downloadCertificate')));
    }
    return block;
  }

  function toggleDetails(button, request) {
    const row = button.closest('tr');
    const open = row.nextElementSibling && row.nextElementSibling.classList.contains('details');
    if (open) {
      row.nextElementSibling.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    row.after(el('tr', { class: 'details' }, el('td', { colspan: '7' }, requestDetails(request))));
    button.setAttribute('aria-expanded', 'true');
  }

  /** Any request by its id, open or done: its owners' answers and, for a completed erasure, the certificate. */
  function requestByIdForm() {
    const id = el('input', { id: 'request-id', required: true, autocomplete: 'off', maxlength: 36 });
    const found = el('div', { id: 'request-found', role: 'status' });
    const form = el('form', { class: 'row', id: 'request-form', 'aria-label': t('findRequest') },
      el('label', { for: 'request-id', class: 'inline' }, t('requestId')), id,
      el('button', { type: 'submit', class: 'quiet' }, t('lookUp')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      found.textContent = '';
      try {
        found.append(requestDetails(await call(config.retentionUrl, '/api/requests/' + encodeURIComponent(
          id.value.trim()))));
      } catch (e) {
        found.append(el('p', { class: 'error' }, t('failed', { detail: e.message })));
      }
    });
    return el('section', { 'aria-labelledby': 'find-request-title' },
      el('h2', { id: 'find-request-title' }, t('findRequest')), form, found);
  }

  /** A request by mail or phone: find the person by their address, then act for them. */
  function lookUpForm() {
    const email = el('input', { id: 'lookup-email', type: 'email', required: true, maxlength: 254, autocomplete: 'off' });
    const found = el('div', { id: 'lookup-result', role: 'status' });
    const form = el('form', { class: 'row', id: 'lookup-form', 'aria-label': t('lookUp') },
      el('label', { for: 'lookup-email', class: 'inline' }, t('lookUpLabel')), email,
      el('button', { type: 'submit', class: 'quiet' }, t('lookUp')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      found.textContent = '';
      try {
        const person = await call(null, '/api/accounts/lookup?email=' + encodeURIComponent(email.value.trim()));
        const act = (type) => async () => {
          try {
            const made = await call(config.retentionUrl, '/api/requests/' + type, { method: 'POST',
              body: { subjectId: person.subjectId } });
            await render();
            say(t(type === 'erasure' ? 'erasureRequested' : 'accessRequested', { id: made.id }));
          } catch (e) {
            say(t('failed', { detail: e.message }), true);
          }
        };
        found.append(el('p', { 'data-subject': person.subjectId }, t('foundPerson', { status: t('staff:' + person.status),
          since: day(person.createdAt) }), ' ', el('code', {}, person.subjectId)),
        el('div', { class: 'row' },
          el('button', { type: 'button', class: 'quiet', id: 'request-access', onclick: act('access') }, t('requestAccess')),
          el('button', { type: 'button', class: 'danger', id: 'request-erasure', onclick: act('erasure') },
            t('requestErasure')),
          el('button', { type: 'button', class: 'quiet', onclick: () => {
            ledger.filter = { subject: person.subjectId };
            ledger.page = 0;
            location.hash = '#/ledger';
          } }, t('theirLedger'))));
      } catch (e) {
        found.append(el('p', { class: e.status === 404 ? '' : 'error' }, e.status === 404 ? t('nobodyFound')
          : t('failed', { detail: e.message })));
      }
    });
    return el('section', { class: 'lookup', 'aria-labelledby': 'lookup-title' },
      el('h2', { id: 'lookup-title' }, t('lookUpTitle')), form, found);
  }

  function extendForm(cell, request) {
    const reason = el('textarea', { id: 'reason-' + request.id, rows: 2, maxlength: 1000, required: true });
    const form = el('form', { class: 'extend', 'aria-label': t('extendTitle') },
      el('label', { for: reason.id }, t('reason')), reason,
      el('button', { type: 'submit' }, t('confirmExtend')),
      el('button', { type: 'button', class: 'quiet', onclick: () => render() }, t('cancel')));
    submit(form, () => change(config.retentionUrl, '/api/requests/' + request.id + '/extension',
      { method: 'POST', body: { reason: reason.value } }, 'extendedDone'));
    cell.textContent = '';
    cell.append(form);
    reason.focus();
  }

  // ---- Agents: the live desk (docs/console.md) ------------------------------------------------------------------
  const BASE_TITLE = document.title;
  const desk = { socket: null, queue: null, open: null, messages: [], known: null, sound: false, live: false,
    retry: null, ticker: null, snippets: [], suggestions: null };

  const me = () => session.claims && session.claims.sub;
  const mine = (conversation) => conversation && conversation.status === 'with-agent' && conversation.agentId === me();
  const short = (id) => String(id).slice(0, 8);

  function duration(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const unit = lang === 'zh' ? { h: ' 小时 ', m: ' 分 ', s: ' 秒' } : { h: ' h ', m: ' min ', s: ' s' };
    return (h ? h + unit.h : '') + (h || m ? m + unit.m : '') + (h ? '' : s + unit.s).trim();
  }

  const clock = (iso) => new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB',
    { hour: '2-digit', minute: '2-digit' });

  function deskUrl() {
    const url = new URL(config.chatUrl || location.origin);
    return (url.protocol === 'https:' ? 'wss://' : 'ws://') + url.host + '/ws/agent';
  }

  function leaveDesk() {
    clearTimeout(desk.retry);
    clearInterval(desk.ticker);
    const socket = desk.socket;
    desk.socket = null;
    if (socket) socket.close(1000);
    Object.assign(desk, { queue: null, open: null, messages: [], known: null, live: false, suggestions: null });
    document.title = BASE_TITLE;
  }

  function connectDesk() {
    const socket = new WebSocket(deskUrl());
    desk.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: session.token }));
    socket.onmessage = (event) => { if (desk.socket === socket) onDeskFrame(JSON.parse(event.data)); };
    socket.onclose = () => {
      if (desk.socket !== socket) return;
      desk.socket = null;
      setLive(false);
      // an access token that ended closes the connection: renew it, then reconnect and catch up
      desk.retry = setTimeout(async () => {
        if (!session.token || !$('desk')) return;
        if (session.claims.exp * 1000 < Date.now() + 10000 && !(await refresh())) {
          end('expired');
          return;
        }
        connectDesk();
      }, 2000);
    };
  }

  function follow() {
    if (!desk.socket || desk.socket.readyState !== WebSocket.OPEN || !desk.open) return;
    const last = desk.messages[desk.messages.length - 1];
    desk.socket.send(JSON.stringify({ type: 'follow', conversationId: desk.open.id, after: last ? last.id : '' }));
  }

  function onDeskFrame(frame) {
    if (frame.type === 'queue') {
      const first = !desk.live;
      desk.queue = frame.queue;
      setLive(true);
      const waiting = desk.queue.waiting.map((w) => w.id);
      if (desk.known && desk.sound && waiting.some((id) => !desk.known.has(id))) chime();
      desk.known = new Set(waiting);
      document.title = (waiting.length ? '(' + waiting.length + ') ' : '') + BASE_TITLE;
      renderQueue();
      if (first) follow();
    } else if (frame.type === 'message' && desk.open && frame.conversationId === desk.open.id) {
      if (!desk.messages.some((m) => m.id === frame.message.id)) {
        desk.messages.push(frame.message);
        const list = $('messages');
        if (list) list.append(messageItem(frame.message));
      }
    } else if (frame.type === 'unfollowed' && desk.open && frame.conversationId === desk.open.id) {
      desk.open = Object.assign({}, desk.open, { lost: true });
      renderPanel();
      say(t('lost'), true);
    } else if (frame.type === 'error') {
      say(t('failed', { detail: frame.detail }), true);
    }
  }

  function setLive(live) {
    desk.live = live;
    const badge = $('live');
    if (badge) {
      badge.textContent = live ? t('live') : t('offline');
      badge.className = live ? 'live' : 'muted';
    }
  }

  /** A short tone from the page itself (no sound file to fetch). */
  function chime() {
    try {
      const audio = new (window.AudioContext || window.webkitAudioContext)();
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      volume.gain.value = 0.1;
      tone.frequency.value = 660;
      tone.connect(volume).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
    } catch (e) {
      // no audio here: the title still counts who is waiting
    }
  }

  async function agentsPage(main) {
    const sound = el('input', { type: 'checkbox', id: 'sound', checked: desk.sound ? 'checked' : null,
      onchange: () => { desk.sound = sound.checked; } });
    main.append(el('div', { class: 'desk', id: 'desk' },
      el('section', { class: 'queue', 'aria-labelledby': 'queue-title' },
        el('h1', { id: 'queue-title' }, t('queueTitle'), ' ', el('span', { id: 'live', class: 'muted' }, t('offline'))),
        el('p', { class: 'muted' }, t('logged')),
        el('label', { class: 'inline', for: 'sound' }, sound, t('sound')),
        el('div', { id: 'queue' }, t('loading'))),
      el('section', { class: 'panel', id: 'panel', 'aria-labelledby': 'panel-title' })));
    renderPanel();
    setLive(desk.live);
    if (desk.queue) renderQueue();
    if (!desk.socket) connectDesk();
    clearInterval(desk.ticker);
    desk.ticker = setInterval(tick, 5000);
    desk.snippets = await call(config.chatUrl, '/api/agent/snippets');
    renderPanel();
  }

  /** Waiting times grow while the page is open. */
  function tick() {
    document.querySelectorAll('[data-since]').forEach((node) => {
      node.textContent = duration(Date.now() - Date.parse(node.getAttribute('data-since')));
    });
  }

  /** The other agents looking at a conversation, as a short text (empty when nobody else is). */
  function othersViewing(id) {
    const viewers = ((desk.queue && desk.queue.viewers) || {})[id] || [];
    const others = viewers.filter((agent) => agent !== me());
    return others.length ? t('alsoViewing', { agents: others.map((agent) => t('anotherAgent', { id: short(agent) }))
      .join(', ') }) : '';
  }

  function renderQueue() {
    const also = $('also-viewing');
    if (also && desk.open) also.textContent = othersViewing(desk.open.id);
    const holder = $('queue');
    if (!holder || !desk.queue) return;
    holder.textContent = '';
    const queue = desk.queue;
    const held = queue.held.filter((h) => h.agentId === me()).length;
    holder.append(el('p', {}, t('holding', { n: held, max: queue.maxOpen })));
    holder.append(el('h2', {}, t('waitingTitle'), ' (' + queue.waiting.length + ')'));
    if (!queue.waiting.length) {
      holder.append(el('p', { id: 'none-waiting' }, t('noneWaiting')));
    } else {
      holder.append(el('table', { id: 'waiting' },
        el('caption', { class: 'visually-hidden' }, t('waitingTitle')),
        el('thead', {}, el('tr', {}, [t('conversation'), t('waited'), t('actions')]
          .map((label) => el('th', { scope: 'col' }, label)))),
        el('tbody', {}, queue.waiting.map((w) => el('tr', { 'data-conversation': w.id },
          el('td', {}, el('code', {}, short(w.id)), w.replyByEmail ? el('div', { class: 'muted' }, t('byEmail')) : '',
            othersViewing(w.id) ? el('div', { class: 'muted viewing' }, othersViewing(w.id)) : ''),
          el('td', { 'data-since': w.handedOffAt }, duration(Date.now() - Date.parse(w.handedOffAt))),
          el('td', {},
            el('button', { type: 'button', class: 'take', 'aria-label': t('take') + ' ' + short(w.id),
              disabled: held >= queue.maxOpen ? 'disabled' : null, onclick: () => take(w.id) }, t('take')), ' ',
            el('button', { type: 'button', class: 'quiet', 'aria-label': t('look') + ' ' + short(w.id),
              onclick: () => openConversation(w.id) }, t('look'))))))));
    }
    holder.append(el('h2', {}, t('heldTitle'), ' (' + queue.held.length + ')'));
    if (!queue.held.length) {
      holder.append(el('p', {}, t('noneHeld')));
      return;
    }
    holder.append(el('table', { id: 'held' },
      el('caption', { class: 'visually-hidden' }, t('heldTitle')),
      el('thead', {}, el('tr', {}, [t('conversation'), t('holder'), t('firstResponse'), t('actions')]
        .map((label) => el('th', { scope: 'col' }, label)))),
      el('tbody', {}, queue.held.map((h) => el('tr', { 'data-conversation': h.id },
        el('td', {}, el('code', {}, short(h.id)),
          othersViewing(h.id) ? el('div', { class: 'muted viewing' }, othersViewing(h.id)) : ''),
        el('td', { 'data-holder': h.agentId === me() ? 'me' : 'other' },
          h.agentId === me() ? t('you') : t('anotherAgent', { id: short(h.agentId) })),
        el('td', {}, h.firstResponseAt ? duration(Date.parse(h.firstResponseAt) - Date.parse(h.handedOffAt))
          : el('span', { class: 'due' }, t('notYet'), ' (', el('span', { 'data-since': h.handedOffAt },
            duration(Date.now() - Date.parse(h.handedOffAt))), ')')),
        el('td', {}, h.agentId === me() ? el('button', { type: 'button', class: 'quiet',
          'aria-label': t('open') + ' ' + short(h.id), onclick: () => openConversation(h.id) }, t('open')) : ''))))));
  }

  async function openConversation(id) {
    try {
      show(await call(config.chatUrl, '/api/agent/conversations/' + id));
    } catch (e) {
      say(t('failed', { detail: e.message }), true);
    }
  }

  async function take(id) {
    try {
      show(await call(config.chatUrl, '/api/agent/conversations/' + id + '/take', { method: 'POST' }));
      say(t('taken'));
    } catch (e) {
      say(t('failed', { detail: e.message }), true);
    }
  }

  function show(conversation) {
    desk.open = conversation;
    desk.messages = conversation.messages.slice();
    desk.suggestions = null;
    renderPanel();
    follow();
    const heading = $('panel-title');
    if (heading) heading.focus();
  }

  function messageItem(message) {
    const who = t('author:' + message.author);
    return el('li', { class: 'message ' + message.author, 'data-message': message.id },
      el('span', { class: 'who' }, who, ' · ', el('time', { datetime: message.createdAt }, clock(message.createdAt))),
      el('div', { class: 'text' }, message.text));
  }

  function renderPanel() {
    const panel = $('panel');
    if (!panel) return;
    panel.textContent = '';
    const open = desk.open;
    if (!open) {
      panel.append(el('h2', { id: 'panel-title', tabindex: '-1' }, t('conversation')), el('p', { class: 'muted' }, t('choose')));
      return;
    }
    panel.append(el('h2', { id: 'panel-title', tabindex: '-1' }, t('conversation'), ' ', el('code', {}, short(open.id)),
      ' · ', el('span', { id: 'conversation-status' }, open.lost ? '—' : t('status:' + open.status))));
    panel.append(el('p', { id: 'also-viewing', class: 'viewing', 'aria-live': 'polite' }, othersViewing(open.id)));
    panel.append(el('p', { class: 'muted' }, t('since'), ': ', clock(open.handedOffAt), open.firstResponseAt
      ? ' · ' + t('firstResponse') + ': ' + duration(Date.parse(open.firstResponseAt) - Date.parse(open.handedOffAt)) : ''));
    panel.append(el('div', { role: 'log', 'aria-live': 'polite', 'aria-label': t('conversation') },
      el('ol', { class: 'messages', id: 'messages' }, desk.messages.map(messageItem))));
    if ((open.attachments || []).length) {
      panel.append(el('h3', {}, t('attachments')), el('ul', { id: 'attachments' }, open.attachments.map((file) =>
        el('li', {}, file.name, ' (' + Math.ceil(file.size / 1024) + ' KB) ', mine(open) && !open.lost
          ? el('button', { type: 'button', class: 'quiet', onclick: () => download(config.chatUrl,
            '/api/agent/attachments/' + file.id, file.name) }, t('download')) : ''))));
    }
    if (open.lost) return;
    if (open.status === 'waiting-for-agent') {
      panel.append(el('p', {}, t('takeToReply'), ' ',
        el('button', { type: 'button', id: 'take-open', onclick: () => take(open.id) }, t('take'))));
      return;
    }
    if (!mine(open)) return;
    replyForm(panel, open);
  }

  function replyForm(panel, open) {
    const text = el('textarea', { id: 'reply', rows: 4, maxlength: 4000 });
    const form = el('form', { class: 'reply', id: 'reply-form' }, el('label', { for: 'reply' }, t('reply')), text,
      el('div', { class: 'row' }, el('button', { type: 'submit', id: 'send' }, t('send')),
        el('button', { type: 'button', class: 'quiet', id: 'hand-back', onclick: () => finish(open, 'release') },
          t('handBack')),
        el('button', { type: 'button', class: 'quiet', id: 'close', onclick: () => finish(open, 'close') },
          t('close'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!text.value.trim()) return;
      try {
        const sent = await call(config.chatUrl, '/api/agent/conversations/' + open.id + '/messages',
          { method: 'POST', body: { text: text.value } });
        if (!desk.messages.some((m) => m.id === sent.id)) {
          desk.messages.push(sent);
          $('messages').append(messageItem(sent));
        }
        text.value = '';
        say(t('sent'));
      } catch (e) {
        say(t('failed', { detail: e.message }), true);
      }
    });
    panel.append(form);

    // saved replies: insert at the cursor, combine several, save the draft as a new one
    const choice = el('select', { id: 'snippet', 'aria-label': t('snippets') },
      desk.snippets.map((s) => el('option', { value: s.id }, s.title)));
    const title = el('input', { id: 'snippet-title', maxlength: 100, 'aria-label': t('snippetTitle') });
    panel.append(el('section', { class: 'snippets', 'aria-labelledby': 'snippets-title' },
      el('h3', { id: 'snippets-title' }, t('snippets')),
      desk.snippets.length ? el('div', { class: 'row' }, choice, el('button', { type: 'button', class: 'quiet',
        id: 'insert-snippet', onclick: () => {
          const snippet = desk.snippets.find((s) => s.id === choice.value);
          if (snippet) insert(text, snippet.body);
        } }, t('insert'))) : el('p', { class: 'muted' }, t('noSnippets')),
      el('div', { class: 'row' }, el('span', {}, t('saveSnippet')), title,
        el('button', { type: 'button', class: 'quiet', id: 'save-snippet', onclick: async () => {
          try {
            await call(config.chatUrl, '/api/agent/snippets', { method: 'POST',
              body: { title: title.value, body: text.value } });
            const draft = text.value;
            desk.snippets = await call(config.chatUrl, '/api/agent/snippets');
            renderPanel();
            $('reply').value = draft;
            say(t('saved'));
          } catch (e) {
            say(t('failed', { detail: e.message }), true);
          }
        } }, t('save')))));

    // suggested answers: the assistant's retrieval for the person's last message
    const suggestions = el('div', { id: 'suggestions' });
    panel.append(el('section', { class: 'suggestions', 'aria-labelledby': 'suggestions-title' },
      el('h3', { id: 'suggestions-title' }, t('suggestions')),
      el('button', { type: 'button', class: 'quiet', id: 'suggest', onclick: () => suggest(text, suggestions) },
        t('suggest')), suggestions));
    if (desk.suggestions) showSuggestions(text, suggestions);
  }

  function insert(textarea, words) {
    const at = textarea.selectionStart || textarea.value.length;
    const before = textarea.value.slice(0, at);
    const glue = before && !/\s$/.test(before) ? ' ' : '';
    textarea.value = before + glue + words + textarea.value.slice(at);
    textarea.focus();
  }

  async function suggest(textarea, holder) {
    const last = desk.messages.filter((m) => m.author === 'subject').pop();
    if (!last) return;
    try {
      desk.suggestions = await call(config.chatUrl, '/api/agent/suggestions', { method: 'POST',
        body: { text: last.text } });
      showSuggestions(textarea, holder);
    } catch (e) {
      say(t('failed', { detail: e.message }), true);
    }
  }

  function showSuggestions(textarea, holder) {
    holder.textContent = '';
    if (!desk.suggestions.length) {
      holder.append(el('p', {}, t('noSuggestions')));
      return;
    }
    holder.append(el('ul', {}, desk.suggestions.map((s) => el('li', { 'data-article': s.slug },
      el('strong', {}, s.title), ' ', el('span', { class: 'muted' }, '(' + s.lang + ')'),
      el('p', { class: 'excerpt' }, s.text.length > 280 ? s.text.slice(0, 280) + '…' : s.text),
      el('button', { type: 'button', class: 'quiet', 'aria-label': t('use') + ': ' + s.title,
        onclick: () => insert(textarea, s.text) }, t('use'))))));
  }

  async function finish(open, action) {
    try {
      await call(config.chatUrl, '/api/agent/conversations/' + open.id + '/' + action, { method: 'POST' });
      if (desk.socket && desk.socket.readyState === WebSocket.OPEN) desk.socket.send(JSON.stringify({ type: 'unfollow' }));
      desk.open = null;
      desk.messages = [];
      renderPanel();
      say(t(action === 'close' ? 'closed' : 'handedBack'));
    } catch (e) {
      say(t('failed', { detail: e.message }), true);
    }
  }

  /** Submitting the form runs the action instead of navigating. */
  function submit(form, action) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      action();
    });
  }

  /** Sends a change, then shows the page again and says what happened (a text key), or why it failed. */
  async function change(base, path, options, done) {
    try {
      await call(base, path, options);
      await render();
      say(t(done));
    } catch (e) {
      say(t('failed', { detail: e.message }), true);
    }
  }

  /** Hands the browser a file to save. */
  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /** A file fetched with the session's token, then saved by the browser; whether it was. */
  async function download(base, path, name) {
    try {
      const response = await fetch((base || '') + path, { headers: { Authorization: 'Bearer ' + session.token } });
      if (!response.ok) throw new Error(String(response.status));
      save(await response.blob(), name);
      return true;
    } catch (e) {
      say(t('failed', { detail: e.message }), true);
      return false;
    }
  }

  /** The page that was shown lets go of what it holds (the agents' live connection). */
  function leavePage() {
    if (shown && shown.leave) shown.leave();
    shown = null;
  }

  // ---- DPOs: legal holds ----------------------------------------------------------------------------------------
  const day = (iso) => (iso ? new Date(iso).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB') : '—');

  async function holdsPage(main) {
    main.append(el('h1', {}, t('holdsTitle')), el('p', { class: 'muted' }, t('holdsIntro')));
    const dpo = roles().includes('dpo');
    if (dpo) {
      const subject = el('input', { id: 'hold-subject', required: true, pattern: '[0-9a-fA-F-]{36}',
        autocomplete: 'off', 'aria-describedby': 'hold-subject-hint' });
      const reference = el('input', { id: 'hold-case', required: true, maxlength: 200 });
      const reason = el('textarea', { id: 'hold-reason', rows: 2, required: true, maxlength: 1000 });
      const until = el('input', { id: 'hold-until', type: 'date' });
      const form = el('form', { class: 'stack', id: 'hold-form', 'aria-label': t('placeHold') },
        el('label', { for: 'hold-subject' }, t('subjectId')), subject,
        el('span', { id: 'hold-subject-hint', class: 'muted' }, t('subjectIdHint')),
        el('label', { for: 'hold-case' }, t('caseReference')), reference,
        el('label', { for: 'hold-reason' }, t('holdReason')), reason,
        el('label', { for: 'hold-until' }, t('holdUntil')), until,
        el('button', { type: 'submit' }, t('placeHold')));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          const body = { subjectId: subject.value.trim(), caseReference: reference.value, reason: reason.value };
          if (until.value) body.until = new Date(until.value + 'T23:59:59Z').toISOString();
          await call(config.retentionUrl, '/api/holds', { method: 'POST', body });
          await render();
          say(t('holdPlaced'));
        } catch (e) {
          say(t('failed', { detail: e.message }), true);
        }
      });
      main.append(el('h2', {}, t('placeHold')), form);
    }
    main.append(el('h2', {}, t('activeHolds')));
    const holds = await call(config.retentionUrl, '/api/holds');
    if (!holds.length) {
      main.append(el('p', { id: 'holds' }, t('noHolds')));
      return;
    }
    main.append(el('table', { id: 'holds' },
      el('caption', { class: 'visually-hidden' }, t('activeHolds')),
      el('thead', {}, el('tr', {}, ['subject', 'caseReference', 'holdReason', 'placedAt', 'holdUntil', 'actions']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, holds.map((hold) => el('tr', { 'data-hold': hold.id, 'data-subject': hold.subjectId },
        el('td', {}, el('code', { title: hold.subjectId }, short(hold.subjectId))),
        el('td', {}, hold.caseReference), el('td', {}, hold.reason),
        el('td', {}, day(hold.placedAt)), el('td', {}, day(hold.until)),
        el('td', {}, dpo ? el('button', { type: 'button', class: 'quiet', 'aria-label': t('release') + ' '
          + hold.caseReference, onclick: () => change(config.retentionUrl, '/api/holds/' + hold.id,
          { method: 'DELETE' }, 'holdReleased') }, t('release')) : ''))))));
  }

  // ---- Auditors: the consent ledger -----------------------------------------------------------------------------
  const ledger = { filter: {}, page: 0 };
  const METHODS = ['banner', 'settings', 'api', 'gpc', 'guardian'];

  function ledgerQuery(extra) {
    const query = new URLSearchParams();
    Object.entries(Object.assign({}, ledger.filter, extra)).forEach(([name, value]) => {
      if (value !== undefined && value !== null && value !== '') query.set(name, value);
    });
    return query.toString();
  }

  async function ledgerPage(main) {
    main.append(el('h1', {}, t('ledgerTitle')), el('p', { class: 'muted' }, t('ledgerIntro')));
    const field = (name, type, label) => {
      const input = el('input', { id: 'ledger-' + name, type: type || 'text', value: ledger.filter[name] || '' });
      return el('div', { class: 'field' }, el('label', { for: input.id }, t(label || name)), input);
    };
    const method = el('select', { id: 'ledger-method' }, el('option', { value: '' }, t('any')),
      METHODS.map((m) => el('option', { value: m, selected: ledger.filter.method === m ? 'selected' : null }, m)));
    const form = el('form', { class: 'filters', id: 'ledger-form', 'aria-label': t('filter') },
      field('subject', 'text', 'subjectId'), field('purpose'), field('from', 'date'), field('to', 'date'),
      field('policyVersion'), el('div', { class: 'field' }, el('label', { for: 'ledger-method' }, t('method')), method),
      el('div', { class: 'row' }, el('button', { type: 'submit' }, t('search'))));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (name) => $('ledger-' + name).value.trim();
      ledger.filter = { subject: value('subject'), purpose: value('purpose'),
        from: value('from') ? value('from') + 'T00:00:00Z' : '', to: value('to') ? value('to') + 'T23:59:59Z' : '',
        policyVersion: value('policyVersion'), method: method.value };
      ledger.page = 0;
      render();
    });
    ['from', 'to'].forEach((name) => { if (ledger.filter[name]) $('ledger-' + name).value = ledger.filter[name].slice(0, 10); });
    main.append(form);

    const verifyResult = el('p', { id: 'chain', role: 'status' });
    main.append(el('div', { class: 'row' },
      el('button', { type: 'button', class: 'quiet', id: 'export-csv', onclick: () => exportLedger('csv') }, t('exportCsv')),
      el('button', { type: 'button', class: 'quiet', id: 'export-json', onclick: () => exportLedger('json') }, t('exportJson')),
      ledger.filter.subject ? el('button', { type: 'button', class: 'quiet', id: 'evidence',
        onclick: () => download(config.consentUrl, '/api/audit/subjects/' + encodeURIComponent(ledger.filter.subject)
          + '/evidence', 'evidence-' + ledger.filter.subject + '.json') }, t('evidence')) : '',
      el('button', { type: 'button', id: 'verify-chain', onclick: () => verifyChain(verifyResult) }, t('verifyChain'))),
      verifyResult);

    const [page, stats] = await Promise.all([
      call(config.consentUrl, '/api/audit/consents?' + ledgerQuery({ page: ledger.page, size: 25 })),
      call(config.consentUrl, '/api/audit/consents/stats?' + ledgerQuery({ subject: undefined, interval: 'day' }))]);
    main.append(el('h2', {}, t('overTime')), chart(stats));
    main.append(el('h2', {}, t('entries'), ' (' + page.total + ')'));
    if (!page.items.length) {
      main.append(el('p', {}, t('noEntries')));
      return;
    }
    main.append(el('table', { id: 'ledger' },
      el('caption', { class: 'visually-hidden' }, t('entries')),
      el('thead', {}, el('tr', {}, ['seq', 'when', 'subject', 'purposeCol', 'action', 'policyVersion', 'method', 'hash']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, page.items.map((entry) => el('tr', { 'data-seq': entry.seq },
        el('td', {}, String(entry.seq)), el('td', {}, new Date(entry.occurredAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')),
        el('td', {}, el('code', { title: entry.subjectId }, short(entry.subjectId))), el('td', {}, entry.purpose),
        el('td', {}, entry.action), el('td', {}, entry.policyVersion), el('td', {}, entry.method),
        el('td', {}, el('code', { title: entry.hash }, String(entry.hash).slice(0, 12))))))));
    const pages = Math.ceil(page.total / page.size);
    main.append(el('div', { class: 'row' },
      el('button', { type: 'button', class: 'quiet', id: 'previous', disabled: ledger.page === 0 ? 'disabled' : null,
        onclick: () => { ledger.page -= 1; render(); } }, t('previous')),
      el('span', {}, t('pageOf', { page: ledger.page + 1, pages })),
      el('button', { type: 'button', class: 'quiet', id: 'next', disabled: ledger.page + 1 >= pages ? 'disabled' : null,
        onclick: () => { ledger.page += 1; render(); } }, t('next'))));
  }

  /** Grants and withdrawals per day, as bars; the same figures in a table for screen readers. */
  function chart(stats) {
    const byDay = new Map();
    stats.forEach((row) => {
      const sum = byDay.get(row.period) || { grants: 0, withdrawals: 0 };
      sum.grants += row.grants + row.reconfirmations;
      sum.withdrawals += row.withdrawals;
      byDay.set(row.period, sum);
    });
    const days = [...byDay.keys()].sort().slice(-30);
    if (!days.length) return el('p', { id: 'chart' }, t('noEntries'));
    const most = Math.max(1, ...days.map((d) => byDay.get(d).grants + byDay.get(d).withdrawals));
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    const width = Math.max(240, days.length * 28);
    svg.setAttribute('viewBox', '0 0 ' + width + ' 140');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', '140');
    svg.setAttribute('aria-hidden', 'true');
    const rect = (x, y, w, h, colour) => {
      const r = document.createElementNS(ns, 'rect');
      [['x', x], ['y', y], ['width', w], ['height', h], ['fill', colour]].forEach(([k, v]) => r.setAttribute(k, String(v)));
      return r;
    };
    days.forEach((d, i) => {
      const { grants, withdrawals } = byDay.get(d);
      const g = (grants / most) * 110;
      const w = (withdrawals / most) * 110;
      svg.append(rect(i * 28 + 4, 120 - g, 20, g, '#0b5cad'), rect(i * 28 + 4, 120 - g - w, 20, w, '#a40e26'));
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', String(i * 28 + 14));
      label.setAttribute('y', '136');
      label.setAttribute('text-anchor', 'middle');
      label.setAttribute('font-size', '9');
      label.textContent = d.slice(8, 10);
      svg.append(label);
    });
    return el('figure', { id: 'chart' }, svg,
      el('figcaption', {}, el('span', { class: 'key grant' }, t('grants')), ' ', el('span', { class: 'key withdraw' }, t('withdrawals'))),
      el('table', { class: 'visually-hidden' }, el('caption', {}, t('overTime')),
        el('thead', {}, el('tr', {}, [t('day'), t('grants'), t('withdrawals')].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, days.map((d) => el('tr', {}, el('td', {}, d), el('td', {}, String(byDay.get(d).grants)),
          el('td', {}, String(byDay.get(d).withdrawals)))))));
  }

  async function exportLedger(format) {
    if (await download(config.consentUrl, '/api/audit/consents/export?' + ledgerQuery({ format }),
      'consent-ledger.' + format)) {
      say(t('exported', { format: format.toUpperCase() }));
    }
  }

  async function verifyChain(holder) {
    holder.textContent = t('loading');
    try {
      const result = await call(config.consentUrl, '/api/audit/ledger/verify');
      holder.className = result.valid ? 'ok' : 'error';
      holder.setAttribute('data-valid', String(result.valid));
      holder.textContent = result.valid ? t('chainHolds', { n: result.entriesChecked, seq: result.headSeq })
        : t('chainBroken', { seq: result.firstBrokenSeq, id: result.firstBrokenEntryId, problem: result.problem });
    } catch (e) {
      holder.textContent = '';
      say(t('failed', { detail: e.message }), true);
    }
  }

  // ---- Verifying a certificate or a receipt, in the browser -----------------------------------------------------
  const b64url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=')), (c) => c.charCodeAt(0));

  async function verifyPage(main) {
    const input = el('textarea', { id: 'jws', rows: 6, spellcheck: 'false', 'aria-describedby': 'jws-hint' });
    const file = el('input', { id: 'jws-file', type: 'file', accept: '.jws,.txt,.json,application/json,text/plain' });
    const result = el('div', { id: 'verification', role: 'status' });
    file.addEventListener('change', async () => {
      if (file.files[0]) input.value = (await file.files[0].text()).trim();
    });
    const form = el('form', { class: 'stack', id: 'verify-form', 'aria-label': t('verifyTitle') },
      el('label', { for: 'jws' }, t('jwsLabel')), input, el('span', { id: 'jws-hint', class: 'muted' }, t('jwsHint')),
      el('label', { for: 'jws-file' }, t('jwsFile')), file,
      el('button', { type: 'submit' }, t('verify')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      result.textContent = t('loading');
      result.replaceChildren(await verification(extractJws(input.value)));
    });
    main.append(el('h1', {}, t('verifyTitle')), el('p', { class: 'muted' }, t('verifyIntro')), form, result);
  }

  /** The compact JWS in what was pasted: the JWS itself, or a JSON document carrying one ("jws"). */
  function extractJws(text) {
    const trimmed = (text || '').trim();
    if (trimmed.startsWith('{')) {
      try {
        const parsed = JSON.parse(trimmed);
        return parsed.jws || (parsed.certificate && parsed.certificate.jws) || '';
      } catch (e) {
        return '';
      }
    }
    return trimmed;
  }

  async function verification(jws) {
    const parts = jws.split('.');
    let header;
    let payload;
    try {
      if (parts.length !== 3) throw new Error('parts');
      header = JSON.parse(new TextDecoder().decode(b64url(parts[0])));
      payload = JSON.parse(new TextDecoder().decode(b64url(parts[1])));
    } catch (e) {
      return el('p', { class: 'error', 'data-valid': 'false' }, t('notJws'));
    }
    if (header.alg !== 'RS256' || !header.kid) return el('p', { class: 'error', 'data-valid': 'false' }, t('unknownAlg'));
    const issuers = [['retention-service', config.retentionUrl, t('certificateKind')],
      ['consent-service', config.consentUrl, t('receiptKind')]];
    for (const [service, base, kind] of issuers) {
      let keys;
      try {
        keys = await (await fetch((base || '') + '/.well-known/jwks.json')).json();
      } catch (e) {
        continue;
      }
      const jwk = (keys.keys || []).find((k) => k.kid === header.kid);
      if (!jwk) continue;
      const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, n: jwk.n, e: jwk.e, alg: 'RS256', ext: true },
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
      const valid = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, b64url(parts[2]),
        new TextEncoder().encode(parts[0] + '.' + parts[1]));
      if (!valid) return el('p', { class: 'error', 'data-valid': 'false' }, t('badSignature', { service }));
      return el('div', { 'data-valid': 'true' },
        el('p', { class: 'ok' }, t('goodSignature', { kind, service, kid: header.kid })),
        el('h2', {}, t('whatItProves')), el('pre', { class: 'proof', tabindex: '0' }, JSON.stringify(payload, null, 2)));
    }
    return el('p', { class: 'error', 'data-valid': 'false' }, t('unknownKey', { kid: header.kid }));
  }

  // ---- Auditors: the staff access log, from every service --------------------------------------------------------
  const accessLog = { filter: {} };

  async function accessLogPage(main) {
    main.append(el('h1', {}, t('accessLogTitle')), el('p', { class: 'muted' }, t('accessLogIntro')));
    const field = (name, type, label) => {
      const input = el('input', { id: 'log-' + name, type: type || 'text', value: accessLog.filter[name] || '' });
      return el('div', { class: 'field' }, el('label', { for: input.id }, t(label)), input);
    };
    const form = el('form', { class: 'filters', id: 'log-form', 'aria-label': t('filter') },
      field('staff', 'text', 'staffId'), field('subject', 'text', 'subjectId'), field('from', 'date', 'from'),
      field('to', 'date', 'to'), el('div', { class: 'row' }, el('button', { type: 'submit' }, t('search'))));
    ['from', 'to'].forEach((name) => {
      if (accessLog.filter[name]) form.querySelector('#log-' + name).value = accessLog.filter[name].slice(0, 10);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (name) => $('log-' + name).value.trim();
      const day = (name, plus) => (value(name) ? new Date(Date.parse(value(name) + 'T00:00:00Z') + plus).toISOString() : '');
      accessLog.filter = { staff: value('staff'), subject: value('subject'), from: day('from', 0),
        to: day('to', 86400000) };
      render();
    });
    main.append(form);
    const query = new URLSearchParams({ size: '100' });
    Object.entries(accessLog.filter).forEach(([name, value]) => { if (value) query.set(name, value); });
    const services = [['account-service', null], ['consent-service', config.consentUrl],
      ['chat-service', config.chatUrl], ['retention-service', config.retentionUrl]];
    const pages = await Promise.all(services.map(([name, base]) => call(base, '/api/audit/access-log?' + query)
      .catch((e) => ({ failed: name + ': ' + e.message, items: [], total: 0 }))));
    const entries = pages.flatMap((page) => page.items)
      .sort((a, b) => Date.parse(b.accessedAt) - Date.parse(a.accessedAt));
    const failed = pages.filter((page) => page.failed).map((page) => page.failed);
    if (failed.length) say(t('failed', { detail: failed.join('; ') }), true);
    main.append(el('p', { id: 'log-totals' }, services.map(([name], i) => name + ': ' + pages[i].total).join(' · ')));
    if (!entries.length) {
      main.append(el('p', {}, t('noEntries')));
      return;
    }
    main.append(el('table', { id: 'access-log' },
      el('caption', { class: 'visually-hidden' }, t('accessLogTitle')),
      el('thead', {}, el('tr', {}, ['when', 'service', 'staffId', 'subject', 'resourceCol', 'why']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, entries.map((entry) => el('tr', { 'data-entry': entry.id },
        el('td', {}, new Date(entry.accessedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')),
        el('td', {}, entry.service),
        el('td', {}, el('code', { title: entry.staffId }, short(entry.staffId)), ' ',
          el('span', { class: 'muted' }, entry.staffRoles)),
        el('td', {}, entry.subjectId ? el('code', { title: entry.subjectId }, short(entry.subjectId)) : '—'),
        el('td', {}, entry.resource), el('td', {}, entry.purpose))))));
    if (pages.some((page) => page.total > page.items.length)) main.append(el('p', { class: 'muted' }, t('narrow')));
  }

  // ---- Admins: staff accounts -----------------------------------------------------------------------------------
  const STAFF_ROLES = ['agent', 'dpo', 'auditor', 'admin'];

  async function staffPage(main) {
    main.append(el('h1', {}, t('staffTitle')), el('p', { class: 'muted' }, t('staffIntro')));
    const email = el('input', { id: 'staff-email', type: 'email', required: true, maxlength: 254, autocomplete: 'off' });
    const name = el('input', { id: 'staff-name', required: true, maxlength: 100, autocomplete: 'off' });
    const role = el('select', { id: 'staff-role' }, STAFF_ROLES.map((r) => el('option', { value: r }, t('role:' + r))));
    const form = el('form', { class: 'stack', id: 'staff-form', 'aria-label': t('invite') },
      el('label', { for: 'staff-email' }, t('email')), email,
      el('label', { for: 'staff-name' }, t('displayName')), name,
      el('label', { for: 'staff-role' }, t('role')), role,
      el('button', { type: 'submit' }, t('invite')));
    submit(form, () => change(null, '/api/staff', { method: 'POST',
      body: { email: email.value.trim(), displayName: name.value.trim(), role: role.value } }, 'invited'));
    main.append(el('h2', {}, t('invite')), form);

    const staff = await call(null, '/api/staff');
    main.append(el('h2', {}, t('staffTitle'), ' (' + staff.length + ')'), el('table', { id: 'staff' },
      el('caption', { class: 'visually-hidden' }, t('staffTitle')),
      el('thead', {}, el('tr', {}, ['email', 'displayName', 'roles', 'status', 'lastActive', 'actions']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, staff.map((account) => {
        const actions = el('td', {});
        const self = account.subjectId === me();
        if (account.status === 'active' && !self) {
          actions.append(
            el('button', { type: 'button', class: 'quiet', 'aria-label': t('changeRoles') + ' ' + account.email,
              onclick: () => rolesForm(actions, account) }, t('changeRoles')), ' ',
            el('button', { type: 'button', class: 'quiet', 'aria-label': t('deactivate') + ' ' + account.email,
              onclick: () => deactivateForm(actions, account) }, t('deactivate')));
        } else if (self) {
          actions.append(el('span', { class: 'muted' }, t('you')));
        }
        return el('tr', { 'data-staff': account.subjectId, 'data-email': account.email },
          el('td', {}, account.email), el('td', {}, account.displayName),
          el('td', { 'data-roles': account.roles.join(',') }, account.roles.map((r) => t('role:' + r)).join(', ')),
          el('td', { 'data-status': account.status }, t('staff:' + account.status)),
          el('td', {}, day(account.lastActiveAt)), actions);
      }))));
  }

  function rolesForm(cell, account) {
    const boxes = STAFF_ROLES.map((r) => el('input', { type: 'checkbox', id: 'role-' + r + '-' + account.subjectId,
      value: r, checked: account.roles.includes(r) ? 'checked' : null }));
    const reason = el('textarea', { id: 'roles-reason-' + account.subjectId, rows: 2, required: true, maxlength: 1000 });
    const form = el('form', { class: 'stack', 'aria-label': t('changeRoles') + ' ' + account.email },
      el('fieldset', {}, el('legend', {}, t('roles')), boxes.map((box) => el('label', { class: 'inline', for: box.id },
        box, t('role:' + box.value)))),
      el('label', { for: reason.id }, t('reason')), reason,
      el('div', { class: 'row' }, el('button', { type: 'submit' }, t('save')),
        el('button', { type: 'button', class: 'quiet', onclick: () => render() }, t('cancel'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const roles = boxes.filter((box) => box.checked).map((box) => box.value);
      try {
        await call(null, '/api/staff/' + account.subjectId + '/roles', { method: 'PUT',
          body: { roles: roles.length ? roles : ['user'], reason: reason.value } });
        await render();
        say(t('rolesChanged'));
      } catch (e) {
        say(t('failed', { detail: e.message }), true);
      }
    });
    cell.replaceChildren(form);
    boxes[0].focus();
  }

  function deactivateForm(cell, account) {
    const reason = el('textarea', { id: 'deactivate-reason-' + account.subjectId, rows: 2, required: true,
      maxlength: 1000 });
    const form = el('form', { class: 'stack', 'aria-label': t('deactivate') + ' ' + account.email },
      el('p', {}, t('deactivateWarning')),
      el('label', { for: reason.id }, t('reason')), reason,
      el('div', { class: 'row' }, el('button', { type: 'submit', class: 'danger' }, t('deactivate')),
        el('button', { type: 'button', class: 'quiet', onclick: () => render() }, t('cancel'))));
    submit(form, () => change(null, '/api/staff/' + account.subjectId + '/deactivate',
      { method: 'POST', body: { reason: reason.value } }, 'deactivated'));
    cell.replaceChildren(form);
    reason.focus();
  }

  /**
   * A sensitive action needs a sign-in within the last five minutes: the password again, in a dialog, for a fresh
   * access token of the same session. Whether it was given.
   */
  function stepUp() {
    return new Promise((resolve) => {
      const password = el('input', { id: 'step-up-password', type: 'password', autocomplete: 'current-password',
        required: true });
      const error = el('p', { class: 'error', role: 'alert' });
      const dialog = el('dialog', { id: 'step-up', 'aria-labelledby': 'step-up-title' });
      const finish = (given) => {
        dialog.close();
        dialog.remove();
        resolve(given);
      };
      const form = el('form', { class: 'stack' },
        el('h2', { id: 'step-up-title' }, t('stepUpTitle')), el('p', {}, t('stepUpText')),
        el('label', { for: 'step-up-password' }, t('password')), password, error,
        el('div', { class: 'row' }, el('button', { type: 'submit' }, t('confirm')),
          el('button', { type: 'button', class: 'quiet', onclick: () => finish(false) }, t('cancel'))));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          const response = await fetch('/api/auth/step-up', { method: 'POST', headers: {
            Authorization: 'Bearer ' + session.token, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ password: password.value }) });
          const body = await response.json().catch(() => null);
          if (!response.ok) {
            error.textContent = (body && body.detail) || String(response.status);
            return;
          }
          session.token = body.accessToken;
          session.claims = claimsOf(body.accessToken);
          finish(true);
        } catch (e) {
          error.textContent = t('unreachable');
        }
      });
      dialog.addEventListener('cancel', () => finish(false));
      dialog.append(form);
      document.body.append(dialog);
      dialog.showModal();
      password.focus();
    });
  }

  // ---- DPOs: retention schedules, sweeps, the overdue report ------------------------------------------------------
  async function retentionPage(main) {
    const dpo = roles().includes('dpo');
    main.append(el('h1', {}, t('retentionTitle')), el('p', { class: 'muted' }, t('retentionIntro')));
    const [schedules, overdue] = await Promise.all([call(config.retentionUrl, '/api/schedules'),
      call(config.retentionUrl, '/api/compliance/overdue?limit=100')]);
    main.append(el('table', { id: 'schedules' },
      el('caption', { class: 'visually-hidden' }, t('retentionTitle')),
      el('thead', {}, el('tr', {}, ['category', 'keptFor', 'clockCol', 'description', 'revision', 'actions']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, schedules.map((schedule) => {
        const actions = el('td', {}, el('button', { type: 'button', class: 'quiet', 'aria-label': t('history') + ' '
          + schedule.category, onclick: () => scheduleHistory(actions, schedule) }, t('history')));
        if (dpo) {
          actions.append(' ', el('button', { type: 'button', class: 'quiet', 'aria-label': t('change') + ' '
            + schedule.category, onclick: () => scheduleForm(actions, schedule) }, t('change')));
        }
        return el('tr', { 'data-category': schedule.category },
          el('td', {}, el('code', {}, schedule.category)),
          el('td', { 'data-days': schedule.retentionDays }, t('days', { n: schedule.retentionDays })),
          el('td', {}, t('clock:' + schedule.clock)), el('td', {}, schedule.description || ''),
          el('td', {}, String(schedule.revision)), actions);
      }))));

    const sweep = el('div', { id: 'sweep', role: 'status' });
    main.append(el('h2', {}, t('sweepTitle')), el('p', { class: 'muted' }, t('sweepIntro')));
    if (dpo) {
      main.append(el('button', { type: 'button', id: 'run-sweep', onclick: () => runSweep(sweep) }, t('runSweep')));
    }
    main.append(sweep);

    main.append(el('h2', {}, t('overdueTitle')), el('p', { id: 'overdue-count' }, t('overdueCount', { n: overdue.count })));
    if (overdue.items.length) {
      main.append(el('table', { id: 'overdue' },
        el('caption', { class: 'visually-hidden' }, t('overdueTitle')),
        el('thead', {}, el('tr', {}, ['subject', 'category', 'owner', 'store', 'expired']
          .map((key) => el('th', { scope: 'col' }, t(key))))),
        el('tbody', {}, overdue.items.map((item) => el('tr', {},
          el('td', {}, el('code', { title: item.subjectId }, short(item.subjectId))), el('td', {}, item.category),
          el('td', {}, item.owner), el('td', {}, item.store), el('td', {}, day(item.expiredAt)))))));
    }
  }

  function scheduleForm(cell, schedule) {
    const id = 'schedule-' + schedule.category.replace(/\W/g, '-');
    const days = el('input', { id: id + '-days', type: 'number', min: 1, max: 36500, required: true,
      value: schedule.retentionDays });
    const clockSelect = el('select', { id: id + '-clock' }, ['created', 'last-activity'].map((c) =>
      el('option', { value: c, selected: schedule.clock === c ? 'selected' : null }, t('clock:' + c))));
    const description = el('input', { id: id + '-description', maxlength: 500, value: schedule.description || '' });
    const reason = el('textarea', { id: id + '-reason', rows: 2, required: true, maxlength: 1000 });
    const form = el('form', { class: 'stack', 'aria-label': t('change') + ' ' + schedule.category },
      el('label', { for: days.id }, t('keptForDays')), days,
      el('label', { for: clockSelect.id }, t('clockCol')), clockSelect,
      el('label', { for: description.id }, t('description')), description,
      el('label', { for: reason.id }, t('reason')), reason,
      el('div', { class: 'row' }, el('button', { type: 'submit' }, t('save')),
        el('button', { type: 'button', class: 'quiet', onclick: () => render() }, t('cancel'))));
    submit(form, () => change(config.retentionUrl, '/api/schedules/' + encodeURIComponent(schedule.category), {
      method: 'PUT', body: { retentionDays: Number(days.value), clock: clockSelect.value,
        description: description.value, reason: reason.value } }, 'scheduleChanged'));
    cell.replaceChildren(form);
    days.focus();
  }

  async function scheduleHistory(cell, schedule) {
    try {
      const revisions = await call(config.retentionUrl, '/api/schedules/' + encodeURIComponent(schedule.category)
        + '/revisions');
      cell.replaceChildren(el('ol', { class: 'history' }, revisions.map((r) => el('li', {},
        t('revisionLine', { revision: r.revision, days: r.retentionDays, clock: t('clock:' + r.clock),
          when: day(r.changedAt) }), r.reason ? ' — ' + r.reason : ''))),
      el('button', { type: 'button', class: 'quiet', onclick: () => render() }, t('close')));
    } catch (e) {
      say(t('failed', { detail: e.message }), true);
    }
  }

  async function runSweep(holder) {
    try {
      const started = await call(config.retentionUrl, '/api/sweeps', { method: 'POST' });
      holder.textContent = t('sweepRunning');
      for (let i = 0; i < 120; i += 1) {
        const state = await call(config.retentionUrl, '/api/sweeps/' + started.id);
        const done = state.completedAt !== null && state.completedAt !== undefined;
        holder.replaceChildren(el('p', { 'data-done': String(done) }, done
          ? t('sweepDone', { n: state.commands.reduce((sum, c) => sum + (c.expired || 0), 0) }) : t('sweepRunning')),
        el('table', { id: 'sweep-commands' }, el('caption', { class: 'visually-hidden' }, t('sweepTitle')),
          el('thead', {}, el('tr', {}, ['category', 'owner', 'answered', 'removed'].map((key) =>
            el('th', { scope: 'col' }, t(key))))),
          el('tbody', {}, state.commands.map((c) => el('tr', {}, el('td', {}, c.category), el('td', {}, c.owner),
            el('td', {}, c.acknowledgedAt ? clock(c.acknowledgedAt) : (c.dispatchedAt ? '…' : t('sweepQueued'))),
            el('td', {}, c.expired === null || c.expired === undefined ? '…' : String(c.expired)))))));
        if (done) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } catch (e) {
      say(t('failed', { detail: e.message }), true);
    }
  }

  // ---- DPOs: reports that an account belongs to a child ----------------------------------------------------------
  async function minorsPage(main) {
    main.append(el('h1', {}, t('minorsTitle')), el('p', { class: 'muted' }, t('minorsIntro')));
    const reports = await call(null, '/api/minor-reports');
    if (!reports.length) {
      main.append(el('p', { id: 'minor-reports' }, t('noReports')));
      return;
    }
    main.append(el('table', { id: 'minor-reports' },
      el('caption', { class: 'visually-hidden' }, t('minorsTitle')),
      el('thead', {}, el('tr', {}, ['reported', 'subject', 'details', 'actions']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, reports.map((report) => el('tr', { 'data-report': report.id },
        el('td', {}, day(report.reportedAt)),
        el('td', {}, report.subjectId ? el('code', { title: report.subjectId }, short(report.subjectId)) : '—'),
        el('td', {}, report.details || ''),
        el('td', {}, ['confirm', 'dismiss'].map((decision) => el('button', { type: 'button',
          class: decision === 'confirm' ? 'danger' : 'quiet', 'aria-label': t(decision + 'Report') + ' '
            + short(report.id), onclick: () => change(null, '/api/minor-reports/' + report.id + '/' + decision,
            { method: 'POST' }, decision === 'confirm' ? 'confirmed' : 'dismissed') }, t(decision + 'Report')))))))));
  }

  // ---- DPOs and auditors: the record of processing activities ----------------------------------------------------
  async function ropaPage(main) {
    main.append(el('h1', {}, t('ropaTitle')), el('p', { class: 'muted' }, t('ropaIntro')));
    const [purposes, schedules, owners] = await Promise.all([call(config.consentUrl, '/api/purposes'),
      call(config.retentionUrl, '/api/schedules'), call(config.retentionUrl, '/api/data-owners')]);
    const retention = new Map(schedules.map((s) => [s.category, s]));
    const holders = (category) => owners.filter((o) => o.categories && o.categories[category])
      .map((o) => o.name + ' (' + o.categories[category].join(', ') + ')');
    const rows = [];
    purposes.forEach((purpose) => (purpose.categories.length ? purpose.categories : ['—']).forEach((category) => {
      const schedule = retention.get(category);
      rows.push({ purpose: purpose.code, title: purpose.title, basis: purpose.lawfulBasis, category,
        retention: schedule ? t('days', { n: schedule.retentionDays }) + ', ' + t('clock:' + schedule.clock) : '—',
        recipients: holders(category).join('; ') || '—' });
    }));
    const columns = ['purposeCol', 'lawfulBasis', 'category', 'keptFor', 'heldBy'];
    const keys = ['purpose', 'basis', 'category', 'retention', 'recipients'];
    main.append(el('button', { type: 'button', class: 'quiet', id: 'ropa-csv', onclick: () => {
      const quote = (value) => '"' + String(value).replace(/"/g, '""') + '"';
      const csv = [columns.map((c) => quote(t(c))).join(',')]
        .concat(rows.map((row) => keys.map((k) => quote(row[k])).join(','))).join('\r\n') + '\r\n';
      save(new Blob([csv], { type: 'text/csv' }), 'record-of-processing.csv');
    } }, t('exportCsv')));
    main.append(el('table', { id: 'ropa' },
      el('caption', { class: 'visually-hidden' }, t('ropaTitle')),
      el('thead', {}, el('tr', {}, columns.map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, rows.map((row) => el('tr', { 'data-purpose': row.purpose, 'data-category': row.category },
        el('td', {}, el('strong', {}, row.title), el('div', {}, el('code', {}, row.purpose))),
        el('td', {}, row.basis), el('td', {}, el('code', {}, row.category)), el('td', {}, row.retention),
        el('td', {}, row.recipients))))));
  }

  // ---- DPOs: purposes and policy versions ------------------------------------------------------------------------
  const BASES = ['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-interest', 'legitimate-interests'];

  async function policiesPage(main) {
    const dpo = roles().includes('dpo');
    main.append(el('h1', {}, t('policiesTitle')), el('p', { class: 'muted' }, t('policiesIntro')));
    const [purposes, versions] = await Promise.all([call(config.consentUrl, '/api/purposes'),
      call(config.consentUrl, '/api/policies')]);
    main.append(el('h2', {}, t('purposesTitle')), el('table', { id: 'purposes' },
      el('caption', { class: 'visually-hidden' }, t('purposesTitle')),
      el('thead', {}, el('tr', {}, ['purposeCol', 'lawfulBasis', 'categories', 'revision', 'actions']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, purposes.map((purpose) => {
        const actions = el('td', {});
        if (dpo) {
          actions.append(el('button', { type: 'button', class: 'quiet', 'aria-label': t('change') + ' ' + purpose.code,
            onclick: () => purposeForm(actions, purpose) }, t('change')));
        }
        return el('tr', { 'data-purpose': purpose.code },
          el('td', {}, el('strong', {}, purpose.title), el('div', {}, el('code', {}, purpose.code)),
            el('div', { class: 'muted' }, purpose.description || '')),
          el('td', { 'data-basis': purpose.lawfulBasis }, purpose.lawfulBasis),
          el('td', {}, purpose.categories.join(', ')), el('td', {}, String(purpose.revision)), actions);
      }))));

    main.append(el('h2', {}, t('versionsTitle')), el('table', { id: 'policies' },
      el('caption', { class: 'visually-hidden' }, t('versionsTitle')),
      el('thead', {}, el('tr', {}, ['version', 'summary', 'material', 'published', 'effective']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, versions.map((v) => el('tr', { 'data-version': v.version },
        el('td', {}, v.version), el('td', {}, v.summary || ''), el('td', {}, v.material ? t('yes') : t('no')),
        el('td', {}, day(v.publishedAt)), el('td', {}, day(v.effectiveAt)))))));
    if (dpo) {
      main.append(publishForm());
      main.append(el('h2', {}, t('datasetTitle')), el('p', { class: 'muted' }, t('datasetIntro')),
        el('button', { type: 'button', class: 'quiet', id: 'dataset', onclick: () => download(config.chatUrl,
          '/api/dpo/improvement-dataset', 'improvement-dataset.json') }, t('datasetDownload')));
    }
  }

  function purposeForm(cell, purpose) {
    const id = 'purpose-' + purpose.code.replace(/\W/g, '-');
    const title = el('input', { id: id + '-title', required: true, maxlength: 200, value: purpose.title });
    const description = el('textarea', { id: id + '-description', rows: 2, maxlength: 2000 });
    description.value = purpose.description || '';
    const basis = el('select', { id: id + '-basis' }, BASES.map((b) => el('option', { value: b,
      selected: purpose.lawfulBasis === b ? 'selected' : null }, b)));
    const categories = el('input', { id: id + '-categories', value: purpose.categories.join(', ') });
    const gpc = el('input', { id: id + '-gpc', type: 'checkbox', checked: purpose.gpcRefusable ? 'checked' : null });
    const reason = el('textarea', { id: id + '-reason', rows: 2, required: true, maxlength: 1000 });
    const form = el('form', { class: 'stack', 'aria-label': t('change') + ' ' + purpose.code },
      el('label', { for: title.id }, t('title')), title, el('label', { for: description.id }, t('description')),
      description, el('label', { for: basis.id }, t('lawfulBasis')), basis,
      el('label', { for: categories.id }, t('categoriesHint')), categories,
      el('label', { class: 'inline', for: gpc.id }, gpc, t('gpcRefusable')),
      el('label', { for: reason.id }, t('reason')), reason,
      el('div', { class: 'row' }, el('button', { type: 'submit' }, t('save')),
        el('button', { type: 'button', class: 'quiet', onclick: () => render() }, t('cancel'))));
    submit(form, () => change(config.consentUrl, '/api/purposes/' + encodeURIComponent(purpose.code), {
      method: 'PUT', body: { title: title.value, description: description.value, lawfulBasis: basis.value,
        categories: categories.value.split(',').map((c) => c.trim()).filter(Boolean), gpcRefusable: gpc.checked,
        reason: reason.value } }, 'purposeChanged'));
    cell.replaceChildren(form);
    title.focus();
  }

  function publishForm() {
    const version = el('input', { id: 'policy-version', required: true, maxlength: 50 });
    const summary = el('input', { id: 'policy-summary', required: true, maxlength: 500 });
    const text = el('textarea', { id: 'policy-text', rows: 8, required: true });
    const material = el('input', { id: 'policy-material', type: 'checkbox' });
    const effective = el('input', { id: 'policy-effective', type: 'date', required: true });
    const notice = el('p', { id: 'policy-notice', class: 'muted', 'aria-live': 'polite' });
    const explain = () => {
      const when = effective.value ? day(effective.value + 'T00:00:00Z') : '…';
      notice.textContent = material.checked ? t('noticeMaterial', { when }) : t('noticeMinor', { when });
    };
    material.addEventListener('change', () => {
      if (material.checked && !effective.value) {
        effective.value = new Date(Date.now() + 31 * 86400000).toISOString().slice(0, 10);
      }
      explain();
    });
    effective.addEventListener('change', explain);
    explain();
    const form = el('form', { class: 'stack', id: 'publish-form', 'aria-label': t('publishTitle') },
      el('label', { for: 'policy-version' }, t('version')), version,
      el('label', { for: 'policy-summary' }, t('summary')), summary,
      el('label', { for: 'policy-text' }, t('policyText')), text,
      el('label', { class: 'inline', for: 'policy-material' }, material, t('materialChange')),
      el('label', { for: 'policy-effective' }, t('effective')), effective, notice,
      el('button', { type: 'submit' }, t('publish')));
    submit(form, () => change(config.consentUrl, '/api/policies', { method: 'POST', body: {
      version: version.value.trim(), summary: summary.value, text: text.value, material: material.checked,
      effectiveAt: new Date(effective.value + 'T00:00:00Z').toISOString() } }, 'published'));
    return el('section', { 'aria-labelledby': 'publish-title' }, el('h2', { id: 'publish-title' }, t('publishTitle')),
      form);
  }

  async function render() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    $('lang-label').textContent = t('language');
    $('skip').textContent = t('skip');
    const nav = $('nav');
    const who = $('who');
    const main = $('main');
    nav.textContent = '';
    who.textContent = '';
    main.textContent = '';
    if (!session.token) {
      nav.removeAttribute('aria-label');
      signInView(main);
      return;
    }
    nav.setAttribute('aria-label', t('pages'));
    const current = PAGES.find((page) => '#/' + page.id === location.hash && allowed(page))
      || PAGES.find(allowed);
    if (shown !== current) leavePage();
    shown = current;
    PAGES.filter(allowed).forEach((page) => nav.append(el('a', { href: '#/' + page.id,
      'aria-current': page === current ? 'page' : null }, t(page.id))));
    who.append(t('signedInAs', { roles: roles().filter((role) => STAFF.includes(role))
      .map((role) => t('role:' + role)).join(lang === 'zh' ? '、' : ', ') }), ' ',
      el('button', { type: 'button', class: 'quiet', id: 'signout', onclick: signOut }, t('signOut')));
    if (!current) {
      main.append(el('p', {}, t('nothing')));
      return;
    }
    try {
      await current.render(main);
    } catch (e) {
      if (session.token) say(t('failed', { detail: e.message }), true);
    }
  }

  async function start() {
    $('lang').value = lang;
    $('lang').addEventListener('change', () => { lang = $('lang').value; say(''); render(); });
    window.addEventListener('hashchange', () => { say(''); render(); });
    try {
      config = await (await fetch('/console/config', { headers: { Accept: 'application/json' } })).json();
    } catch (e) {
      say(t('unreachable'), true);
    }
    render();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
