import { withDetail } from './audit-detail.js'
import type { NewTaskEvent } from './cycle-log.js'
import type { NewEvidence } from './evidence-log.js'
import type { NewNotice } from './notices.js'
import type { AddUpdateOptions, AddUpdateResult, AuditEntry, Binding, NewUpdate, ProgressStore, StoredUpdate } from './store.js'

/**
 * One plan's view of a store (see ProgressStore.forPlan). Reads of updates are limited to the
 * plan; updates and bindings written through the view carry its key. What is not about one plan's
 * tasks (bindings, the audit trail, deliveries, identities, the sender's last update for 撤回)
 * is the store's own, shared by every view.
 */
export function planScoped(store: ProgressStore, key: string, sameBureau: (other: string) => boolean = () => true): ProgressStore {
  return {
    getBinding: (user: string) => store.getBinding(user),
    putBinding: (binding: Binding) => store.putBinding({ ...binding, plan: binding.plan ?? key }),
    putBindingIfAbsent: (binding: Binding, audit: AuditEntry) => store.putBindingIfAbsent({ ...binding, plan: binding.plan ?? key }, audit),
    approveBinding: (user: string, approvedBy: string, audit: AuditEntry) => store.approveBinding(user, approvedBy, audit),
    removeBinding: (user: string) => store.removeBinding(user),
    pendingBindings: () => store.pendingBindings(),
    // Clerks of a unit of this plan's bureau: a 质量发展科 bound under another bureau's plan is not this one's.
    usersOfUnit: async (unit: string) => (await store.usersOfUnit(unit)).filter((b) => !b.plan || sameBureau(b.plan)),
    addUpdate: (update: NewUpdate, audit?: AuditEntry, options?: AddUpdateOptions): Promise<AddUpdateResult> =>
      store.addUpdate({ ...update, plan: key }, audit && withDetail(audit, { plan: key }), options),
    updatesForTask: (task: number, opts: { includeWithdrawn?: boolean; limit?: number } = {}): Promise<StoredUpdate[]> =>
      store.updatesForTask(task, { ...opts, plan: key }),
    liveUpdates: () => store.liveUpdates({ plan: key }),
    lastUpdateBy: (user: string) => store.lastUpdateBy(user),
    withdraw: (id: number, at: string, audit?: AuditEntry) => store.withdraw(id, at, audit),
    withdrawLast: (user: string, at: string, notBefore: string, audit: AuditEntry) => store.withdrawLast(user, at, notBefore, audit),
    audit: (entry: AuditEntry) => store.audit(entry),
    auditTrail: (limit?: number) => store.auditTrail(limit),
    claimMessage: (k: string, at: string, owner?: string) => store.claimMessage(k, at, owner),
    delivery: store.delivery,
    identities: store.identities,
    checkIns: store.checkIns,
    notices: store.notices,
    plans: store.plans,
    leadership: store.leadership,
    // The cycle and the evidence of this plan's tasks: written with its key, read for it alone.
    cycle: {
      add: (event: NewTaskEvent, audit: AuditEntry, notices?: readonly NewNotice[]) =>
        store.cycle.add({ ...event, plan: key }, withDetail(audit, { plan: key }), notices),
      list: (opts: { task?: number } = {}) => store.cycle.list({ ...opts, plan: key }),
    },
    evidence: {
      add: (evidence: NewEvidence, bytes: Uint8Array, audit: AuditEntry) =>
        store.evidence.add({ ...evidence, plan: key }, bytes, withDetail(audit, { plan: key })),
      list: (opts: { task?: number } = {}) => store.evidence.list({ ...opts, plan: key }),
      read: (id: number) => store.evidence.read(id, { plan: key }),
    },
    forPlan: (other: string) => store.forPlan(other),
    close: () => store.close(),
  }
}
