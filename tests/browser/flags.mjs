// The Chromium flags every browser script of the suite launches with.
// Without the background-networking flags Chromium keeps calling Google's hosts, which this machine
// refuses (and which would show up as requests to other hosts).
export const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
