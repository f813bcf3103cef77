/** The MONITOR line decoding and the per-connection name state, without a server. */
import { describe, expect, it } from 'vitest';
import { ClientNames, nameSetBy, type Attribution } from './client-names.ts';
import { monitorArg, monitorArgs, monitorSource, unescapeMonitorArg, type MonitorSource } from './monitor-line.ts';

describe('MONITOR arguments', () => {
  it('decodes Redis escapes exactly, byte by byte', () => {
    // The line Redis printed for SET k 'a"b\c<U+00FF>\n " "x', as ioredis hands it over.
    const [, , value] = monitorArgs(['set', 'k', 'a"b\\\\c\\xc3\\xbf\\n " "x']);
    expect(value!.toString()).toBe('a"b\\c\u00ff\n " "x');
    expect(unescapeMonitorArg('weird:\\xff')).toEqual(Buffer.from([...Buffer.from('weird:'), 0xff]));
    expect(unescapeMonitorArg('\\t\\r\\a\\b')).toEqual(Buffer.from([9, 13, 7, 8]));
  });

  it('decodes one argument, leaving plain ASCII as it is', () => {
    expect(monitorArg('rq:job:1')).toBe('rq:job:1');
    expect(monitorArg('weird:\\xc3\\xa9')).toBe('weird:\u00e9');
    expect(monitorArg('a"b\\\\c')).toBe('a"b\\c');
  });

  it('tells clients, scripts and others apart', () => {
    expect(monitorSource('127.0.0.1:5000')).toEqual({ kind: 'client', addr: '127.0.0.1:5000' });
    expect(monitorSource('[::1]:5000')).toEqual({ kind: 'client', addr: '[::1]:5000' });
    expect(monitorSource('unix:/tmp/redis.sock')).toEqual({ kind: 'client', addr: 'unix:/tmp/redis.sock' });
    expect(monitorSource('lua')).toEqual({ kind: 'lua' });
    expect(monitorSource(undefined).kind).toBe('other');
  });
});

describe('client names in stream order', () => {
  const A: MonitorSource = { kind: 'client', addr: '127.0.0.1:1' };
  const B: MonitorSource = { kind: 'client', addr: '127.0.0.1:2' };
  function run(names: ClientNames, lines: [MonitorSource, string[]][]): (string | undefined)[] {
    const out: (string | undefined)[] = [];
    for (const [src, args] of lines) names.onLine(src, args, (who: Attribution | undefined) => out.push(who?.name));
    names.flush();
    return out;
  }

  it('finds the name each command sets', () => {
    expect(nameSetBy(['client', 'SETNAME', 'x'])).toBe('x');
    expect(nameSetBy(['HELLO', '3', 'AUTH', '(redacted)', '(redacted)', 'SETNAME', 'h'])).toBe('h');
    expect(nameSetBy(['hello', '2', 'setname', 'h2'])).toBe('h2');
    expect(nameSetBy(['hello', '3'])).toBeUndefined();
    expect(nameSetBy(['client', 'getname'])).toBeUndefined();
  });

  it('judges each line by the name at that point; refused names are ignored', () => {
    const names = new ClientNames();
    names.seed('id=1 addr=127.0.0.1:1 laddr=127.0.0.1:6379 fd=8 name=early db=0\n');
    expect(
      run(names, [
        [A, ['set', 'k', 'v']],
        [A, ['client', 'setname', 'second']],
        [A, ['set', 'k', 'v']],
        [A, ['client', 'setname', 'bad name']],
        [A, ['set', 'k', 'v']],
        [A, ['client', 'setname', '']],
        [A, ['set', 'k', 'v']],
        [B, ['set', 'k', 'v']],
      ]),
    ).toEqual(['early', 'second', 'second', 'second', 'second', '', '', '']);
  });

  it('a connection renamed between the two CLIENT LISTs is unknown until its next SETNAME', () => {
    const names = new ClientNames();
    names.seed('id=1 addr=127.0.0.1:1 name=old\nid=2 addr=127.0.0.1:2 name=same\n');
    names.confirm('id=1 addr=127.0.0.1:1 name=new\nid=2 addr=127.0.0.1:2 name=same\nid=3 addr=127.0.0.1:3 name=\n');
    expect(names.nameOf('127.0.0.1:1')).toBeUndefined();
    expect(names.nameOf('127.0.0.1:2')).toBe('same');
    expect(names.nameOf('127.0.0.1:3')).toBe('');
    expect(
      run(names, [
        [A, ['client', 'setname', 'named']],
        [A, ['set', 'k', 'v']],
      ]),
    ).toEqual(['named', 'named']);
  });

  it("attributes a script's lines to the client that called it, before or after its call line", () => {
    const names = new ClientNames();
    names.seed('');
    const lua: MonitorSource = { kind: 'lua' };
    expect(
      run(names, [
        [A, ['client', 'setname', 'a']],
        [B, ['client', 'setname', 'b']],
        [A, ['eval', 'return 1', '1', 'k']],
        [lua, ['set', 'k', 'x']],
        [lua, ['set', 'k2', 'y']],
        [B, ['set', 'k', 'v']],
        // A server that prints the call after the script's commands.
        [lua, ['set', 'k3', 'z']],
        [B, ['evalsha', 'abc', '0']],
        // A script line with no call to own it is not attributed.
        [A, ['get', 'k']],
        [lua, ['set', 'k4', 'w']],
      ]),
    ).toEqual(['a', 'b', 'a', 'a', 'a', 'b', 'b', 'b', 'a', undefined]);
  });
});
