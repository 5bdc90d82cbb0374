// The Node options `serve` is meant to run with. V8 sizes its young generation (the semi-spaces
// every request's short-lived objects are made in) at start, from the command line only: by default
// it stops growing at 16 MB, and at a few thousand requests a second that is a scavenge every 100 ms
// or so, each copying the requests then in flight. At 32 MB half as many scavenges copy about as
// much each, which bought 6–10 % of the server's CPU per request on REGISTER, INVITE and accounting
// and 2–7 % on the mix (bench/steps.md, step 11), for at most 48 MB more of young generation per process.
//
// `npm start`, the image's entrypoint and the executable's own first line pass them; `serve` gives
// them to its workers itself and says so at start when it runs without them.

export const SERVE_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=32'];

/** Node takes an option's name with dashes or underscores alike (`--max_semi_space_size`). */
function optionName(arg: string): string {
  return arg.split('=')[0]!.replaceAll('_', '-');
}

/** The recommended options neither the command line nor NODE_OPTIONS sets (to any value). */
export function missingServeOptions(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)].map(optionName));
  return SERVE_NODE_OPTIONS.filter((option) => !given.has(optionName(option)));
}
