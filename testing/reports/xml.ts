/**
 * A small, strict XML 1.0 parser for tests (elements, attributes, text, comments, CDATA, the
 * predefined and numeric entities). It throws on anything malformed, which is what the JUnit report
 * test needs: well-formedness plus a tree to check the JUnit structure on.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  return s.replace(/&([^;]*);|&/g, (m, ent: string | undefined) => {
    if (ent === undefined) throw new Error(`bare '&' near offset ${at}`);
    if (ent in ENTITIES) return ENTITIES[ent]!;
    const num = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(ent);
    if (num) return String.fromCodePoint(num[1]!.startsWith('x') ? parseInt(num[1]!.slice(1), 16) : Number(num[1]));
    throw new Error(`unknown entity ${m} near offset ${at}`);
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)) throw new Error('character not allowed in XML');
  const skipMisc = (): void => {
    for (;;) {
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml.startsWith('<?', i)) {
        const e = xml.indexOf('?>', i);
        if (e < 0) throw new Error('unterminated processing instruction');
        i = e + 2;
      } else if (xml.startsWith('<!--', i)) {
        const e = xml.indexOf('-->', i);
        if (e < 0) throw new Error('unterminated comment');
        i = e + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (xml[i] !== '<') throw new Error(`expected '<' at ${i}`);
    i++;
    const m = NAME.exec(xml.slice(i));
    if (!m) throw new Error(`bad element name at ${i}`);
    const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
    i += m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))![0].length;
      i += ws;
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      if (!ws) throw new Error(`expected whitespace before attribute at ${i}`);
      const a = NAME.exec(xml.slice(i));
      if (!a) throw new Error(`bad attribute name at ${i}`);
      i += a[0].length;
      if (xml[i] !== '=') throw new Error(`expected '=' at ${i}`);
      const q = xml[i + 1];
      if (q !== '"' && q !== "'") throw new Error(`expected a quoted value at ${i + 1}`);
      const end = xml.indexOf(q, i + 2);
      if (end < 0) throw new Error('unterminated attribute value');
      const raw = xml.slice(i + 2, end);
      if (raw.includes('<')) throw new Error(`'<' in attribute value at ${i}`);
      if (a[0] in el.attrs) throw new Error(`duplicate attribute ${a[0]}`);
      el.attrs[a[0]] = decode(raw, i);
      i = end + 1;
    }
    for (;;) {
      if (i >= xml.length) throw new Error(`unclosed <${el.name}>`);
      if (xml.startsWith('</', i)) {
        const close = `</${el.name}`;
        if (!xml.startsWith(close, i)) throw new Error(`mismatched closing tag at ${i}, expected ${close}>`);
        i += close.length;
        while (/\s/.test(xml[i] ?? '')) i++;
        if (xml[i] !== '>') throw new Error(`expected '>' at ${i}`);
        i++;
        return el;
      }
      if (xml.startsWith('<!--', i)) {
        const e = xml.indexOf('-->', i);
        if (e < 0) throw new Error('unterminated comment');
        i = e + 3;
      } else if (xml.startsWith('<![CDATA[', i)) {
        const e = xml.indexOf(']]>', i);
        if (e < 0) throw new Error('unterminated CDATA');
        el.text += xml.slice(i + 9, e);
        i = e + 3;
      } else if (xml[i] === '<') {
        el.children.push(element());
      } else {
        const e = xml.indexOf('<', i);
        const raw = xml.slice(i, e < 0 ? xml.length : e);
        if (raw.includes(']]>')) throw new Error("']]>' in text");
        el.text += decode(raw, i);
        i = e < 0 ? xml.length : e;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== xml.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

/**
 * The structure of the common JUnit XML dialect (Jenkins/Surefire's junit-10.xsd, as GitHub and GitLab
 * read it): testsuites > testsuite(name, tests, failures, errors, skipped?) > testcase(name,
 * classname) > at most one of failure(message?, type?) | error | skipped, with counts that add up.
 * Returns a list of problems (empty: valid).
 */
export function junitProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  const int = (el: XmlElement, a: string, required = true): number | undefined => {
    const v = el.attrs[a];
    if (v === undefined) {
      if (required) problems.push(`<${el.name}> lacks ${a}`);
      return undefined;
    }
    if (!/^[0-9]+$/.test(v)) problems.push(`<${el.name} ${a}="${v}"> is not a count`);
    return Number(v);
  };
  if (root.name !== 'testsuites') problems.push(`root is <${root.name}>, expected <testsuites>`);
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const suite of root.children) {
    if (suite.name !== 'testsuite') {
      problems.push(`<testsuites> contains <${suite.name}>`);
      continue;
    }
    if (!suite.attrs.name) problems.push('<testsuite> without a name');
    const t = int(suite, 'tests');
    const f = int(suite, 'failures');
    int(suite, 'errors');
    const s = int(suite, 'skipped', false);
    if (suite.attrs.time !== undefined && !/^[0-9]+(\.[0-9]+)?$/.test(suite.attrs.time)) problems.push(`bad time ${suite.attrs.time}`);
    let ct = 0;
    let cf = 0;
    let cs = 0;
    const names = new Set<string>();
    for (const tc of suite.children) {
      if (tc.name === 'properties' || tc.name === 'system-out' || tc.name === 'system-err') continue;
      if (tc.name !== 'testcase') {
        problems.push(`<testsuite> contains <${tc.name}>`);
        continue;
      }
      ct++;
      if (!tc.attrs.name) problems.push('<testcase> without a name');
      if (!tc.attrs.classname) problems.push(`<testcase name="${tc.attrs.name}"> without a classname`);
      const id = `${tc.attrs.classname}/${tc.attrs.name}`;
      if (names.has(id)) problems.push(`duplicate testcase ${id}`);
      names.add(id);
      const outcome = tc.children.filter((c) => ['failure', 'error', 'skipped'].includes(c.name));
      if (outcome.length > 1) problems.push(`<testcase ${id}> has ${outcome.length} outcomes`);
      for (const c of tc.children)
        if (!['failure', 'error', 'skipped', 'system-out', 'system-err'].includes(c.name)) problems.push(`<testcase> contains <${c.name}>`);
      if (outcome[0]?.name === 'failure') cf++;
      if (outcome[0]?.name === 'skipped') cs++;
    }
    if (t !== undefined && t !== ct) problems.push(`testsuite ${suite.attrs.name}: tests=${t} but ${ct} testcases`);
    if (f !== undefined && f !== cf) problems.push(`testsuite ${suite.attrs.name}: failures=${f} but ${cf} failures`);
    if (s !== undefined && s !== cs) problems.push(`testsuite ${suite.attrs.name}: skipped=${s} but ${cs} skipped`);
    tests += ct;
    failures += cf;
    skipped += cs;
  }
  if (root.attrs.tests !== undefined && Number(root.attrs.tests) !== tests)
    problems.push(`testsuites tests=${root.attrs.tests} but ${tests}`);
  if (root.attrs.failures !== undefined && Number(root.attrs.failures) !== failures)
    problems.push(`testsuites failures=${root.attrs.failures} but ${failures}`);
  if (root.attrs.skipped !== undefined && Number(root.attrs.skipped) !== skipped)
    problems.push(`testsuites skipped=${root.attrs.skipped} but ${skipped}`);
  return problems;
}
