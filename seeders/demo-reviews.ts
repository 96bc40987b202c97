import { Order } from '../src/orders/index.js';
import { approveReview, Review, reviewOrder, reviewWebsite } from '../src/reviews/index.js';
import { Website } from '../src/tenancy/index.js';
import { DEMO_WEBSITES } from './demo.js';
import { castOf, playOrder } from './demo-orders.js';

/**
 * Demo reviews (after seedDemoOrders and seedDemoPayouts), on each demo website, written by the
 * demo client through the reviews' services so the moderation queue is not empty: the writer and
 * the website reviewed and approved by the demo admin (public, in the ratings), an order review
 * waiting as pending, and one with contact details flagged by the spam signals. A client with
 * reviews is left alone (idempotent).
 */
export async function seedDemoReviews(): Promise<{ reviews: number }> {
  let reviews = 0;
  for (const spec of DEMO_WEBSITES) {
    const website = await Website.findOne({ where: { slug: spec.slug } });
    const cast = website ? await castOf(website.id, spec.emailDomain) : null;
    if (!cast || (await Review.count({ where: { reviewerId: cast.client.userId } }))) continue;
    const completedOf = () =>
      Order.findAll({ where: { clientId: cast.client.userId, status: 'completed' }, order: [['id', 'ASC']], limit: 2 });
    let done = await completedOf();
    for (let i = done.length; i < 2; i++)
      await playOrder(cast, 'completed', { topic: `Demo review order ${i + 1}: urban heat islands`, paperType: 'essay', pages: 2 });
    done = await completedOf();
    const [first, second] = done as [Order, Order];
    const { client, admin } = cast;
    const liked = await reviewOrder(client, first.id, {
      target: 'writer',
      rating: 5,
      text: 'Clear structure, every source checked, and delivered a day early.',
    });
    await approveReview(admin, liked.id);
    await reviewOrder(client, first.id, { target: 'order', rating: 4, text: 'The paper followed my outline closely.' });
    const site = await reviewWebsite(client, { rating: 5, text: 'Ordering was simple and support answered within the hour.' });
    await approveReview(admin, site.id);
    await reviewOrder(client, second.id, {
      target: 'order',
      rating: 3,
      text: 'Good work. For quicker answers write to me directly at student.demo@example.com',
    });
    reviews += 4;
  }
  return { reviews };
}
