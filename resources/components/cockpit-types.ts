import type { AuditPage } from './AuditTimeline.tsx';

/**
 * The order cockpit as the `cockpit` action sends it (src/analytics/cockpit OrderCockpit, in
 * JSON). Repeated here because the components bundle does not reach into src/.
 */
interface Person {
  id: number;
  role: string;
  registrationId: string;
  name: string;
}

export interface Cockpit {
  order: { id: number; number: string; status: string; previousStatus: string | null; topic: string | null; visibility: string };
  people: {
    client: { id: number; registrationId: string; name: string; status: string; ordersCount: number; spentCents: number } | null;
    writer: {
      id: number;
      registrationId: string;
      penName: string | null;
      name: string;
      status: string;
      level: string | null;
      rating: { average: number | null; count: number } | null;
      warnings: Array<{ kind: string; reason: string; endsAt: string }>;
      restriction: { kind: string; endsAt: string } | null;
    } | null;
  };
  money: {
    currency: string;
    totalCents: number | null;
    paidCents: number;
    refundedCents: number;
    balanceDueCents: number;
    writerEarning: { amountCents: number; status: string; urgent?: boolean } | null;
  };
  price: {
    priceList: { id: number; version: number; status: string; activatedAt: string | null } | null;
    lines: Array<{ code: string; label: string; amountCents: number; runningCents?: number; multiplierBp?: number }>;
    deadlineBand: { maxHours: number; multiplierBp: number } | null;
    cancellation: { outcome: string; refundCents: number; forfeitCents: number; reason: string } | null;
  };
  payments: Array<{
    id: number;
    purpose: string;
    method: string;
    status: string;
    amountCents: number;
    refundedCents: number;
    receiptNumber: string | null;
    reference: string | null;
    createdAt: string;
    succeededAt: string | null;
  }>;
  refunds: Array<{ id: number; status: string; destination: string; amountCents: number; reason: string; createdAt: string }>;
  deadline: {
    deadline: string | null;
    writerDeadline: string | null;
    overdueAt: string | null;
    stuckAt: string | null;
    changes: Array<{
      id: number;
      kind: string;
      status: string;
      requesterRole: string;
      oldDeadline: string;
      newDeadline: string;
      chargeCents: number;
      createdAt: string;
    }>;
  };
  timeline: Array<{
    id: number;
    action: string;
    fromStatus: string | null;
    toStatus: string | null;
    actorRole: string;
    actor: string | null;
    note: string | null;
    at: string;
  }>;
  files: Array<{
    id: number;
    category: string;
    name: string;
    contentType: string;
    sizeBytes: number;
    uploadedBy: { role: string; userId?: number | null };
    createdAt: string;
  }>;
  messages: {
    items: Array<{
      id: number;
      threadKind: string;
      status: string;
      held: boolean;
      holdReasons: string[];
      body: string;
      author: (Person & { party: string }) | { party: string; role: string };
      createdAt: string;
    }>;
    more: boolean;
  };
  requests: Array<{
    id: number;
    status: string;
    writer: { id: number; registrationId: string; name: string; completedOrders: number; activeOrders: number };
    note: string | null;
    decisionReason: string | null;
    createdAt: string;
  }>;
  revisions: Array<{
    id: number;
    status: string;
    requesterRole: string;
    reason: string;
    instructionsChanged: boolean;
    chargeCents: number;
    deadline: string;
    createdAt: string;
  }>;
  fines: Array<{
    id: number;
    typeCode: string;
    status: string;
    amountCents: number;
    reason: string;
    appealOpen: boolean;
    createdAt: string;
  }>;
  audit: AuditPage | null;
  asOf: string;
}
