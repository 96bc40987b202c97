import express from 'express';

/** The quote baseline: bare Express 5 answering a constant JSON body (no database). Prints `listening <url>`. */
const app = express();
app.use(express.json());
app.post('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
