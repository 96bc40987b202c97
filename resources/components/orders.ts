import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the orders and pricing resources, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const OrderComponents = {
  OrderAction: componentLoader.add('ScriptoriumOrderAction', here('./OrderAction')),
  Money: componentLoader.add('ScriptoriumMoney', here('./Money')),
  OrderCockpit: componentLoader.add('ScriptoriumOrderCockpit', here('./OrderCockpit')),
  AuditTimeline: componentLoader.add('ScriptoriumAuditTimeline', here('./AuditTimeline')),
} as const;
