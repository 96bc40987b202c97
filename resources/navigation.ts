/**
 * Sidebar groups, by the work staff do (issue 14): Orders, People, Money, Writers, Support, Content,
 * Settings. Resources import these (never index.ts, which imports them: no cycle).
 */
const groups = {
  orders: { name: 'Orders', icon: 'ShoppingCart' },
  people: { name: 'People', icon: 'Users' },
  money: { name: 'Money', icon: 'DollarSign' },
  writers: { name: 'Writers', icon: 'PenTool' },
  support: { name: 'Support', icon: 'LifeBuoy' },
  content: { name: 'Content', icon: 'Mail' },
  settings: { name: 'Settings', icon: 'Settings' },
} as const;

export const navigation = {
  ...groups,
  // Where the older names now sit.
  platform: groups.settings,
  audit: groups.settings,
  discounts: groups.money,
  reviews: groups.content,
  communication: groups.content,
} as const;
