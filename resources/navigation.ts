/** Sidebar groups; resources import these (never index.ts, which imports them: no cycle). */
export const navigation = {
  people: { name: 'People', icon: 'Users' },
  platform: { name: 'Platform', icon: 'Globe' },
  audit: { name: 'Audit', icon: 'FileText' },
  orders: { name: 'Orders & pricing', icon: 'ShoppingCart' },
  discounts: { name: 'Discounts', icon: 'Tag' },
  money: { name: 'Money', icon: 'DollarSign' },
  support: { name: 'Support', icon: 'LifeBuoy' },
  reviews: { name: 'Reviews', icon: 'Star' },
  communication: { name: 'Communication', icon: 'Mail' },
} as const;
