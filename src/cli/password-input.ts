// Passwords typed by an operator: read without echo on a terminal (asked twice), else from standard
// input, so they never stand on a command line other users can see in `ps`.
import { read } from 'read';
import { CommandError } from './context.js';

export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (!text) throw new CommandError('no password on stdin');
    return text;
  }
  const first = await read({ prompt: 'Password: ', silent: true, replace: '' });
  const again = await read({ prompt: 'Again: ', silent: true, replace: '' });
  if (first !== again) throw new CommandError('passwords do not match');
  if (!first) throw new CommandError('empty password');
  return first;
}
