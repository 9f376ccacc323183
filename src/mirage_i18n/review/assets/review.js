/* mirage-i18n review page. Every text of an entry is shown through textContent, value or
   a DOM node built here, never through innerHTML: a translation is data, not markup.

   The live checks mirror validate's entry checks (src/mirage_i18n/checks/). What they read
   from the English was computed by those Python functions at pack time (entry.expect), and
   the language's rules, tables and patterns come with the page (DATA.rules: the checks' own
   compiled patterns, rewritten for JavaScript by review/jsregex.py). This script only reads
   the translation, with markdown-it (the JavaScript original of the markdown-it-py port
   validate parses with), and matches it against those. A differential test in Chromium holds
   both to the same verdicts. */
(function () {
  'use strict';

  const DATA = JSON.parse(document.getElementById('review-data').textContent);
  const RULES = DATA.rules;
  // What an English text does not have is left out of the page (review/expect.py DEFAULTS).
  for (const doc of DATA.documents) {
    for (const e of doc.entries) e.expect.sources = e.expect.sources.map((s) => Object.assign({}, RULES.defaults, s));
  }
  // Patterns the checks compiled in Python, rewritten for JavaScript by review/jsregex.py.
  const P = {};
  for (const [name, [source, flags]] of Object.entries(RULES.patterns)) P[name] = new RegExp(source, flags + 'g');
  const compiled = new Map();
  function pattern(spec) { // [source, flags] → RegExp (for .test and .search: no 'g')
    const key = spec[1] + '/' + spec[0];
    let re = compiled.get(key);
    if (!re) { re = new RegExp(spec[0], spec[1]); compiled.set(key, re); }
    return re;
  }
  const ENTITIES = new Set(RULES.entities.split(' '));
  // A message that names the entry's suppression comment (review/expect.py message_templates)
  function templated(id, entry, text) {
    const marks = RULES.marks;
    const comment = entry.expect.ignore.split(marks.check).join(id);
    return RULES.messages[id].split(marks.comment).join(comment).split(marks.text).join(text || '');
  }
  const FOLD = new Map(Object.entries(RULES.fold));

  // ------------------------------------------------------------------ shared with validate
  // Python's \s (str.isspace) and the patterns validate reads texts with, rewritten for
  // JavaScript by review/jsregex.py (Python's \s, \w, \d and \b differ from JavaScript's).
  const PYWS = RULES.spaceClass;
  const URL_RE = P.url, EMAIL_RE = P.email, BRACE_RE = P.brace, PRINTF_RE = P.printf;
  const DIGITS_RE = P.digits, HARD_BREAK_RE = P.hardBreak, DOUBLE_SPACE_RE = P.doubleSpace;
  const TAG_RE = pattern(RULES.patterns.tag), ATTR_RE = P.attr;
  const URL_TRAILERS = RULES.urlTrailers; // checks/placeholders.py
  const SPACES = RULES.numberSpaces; // checks/numbers.py: group separators that are spaces
  const VOID_TAGS = new Set(RULES.voidTags); // checks/mdfacts.py
  const EDGE_LEAD = new RegExp('^[' + PYWS + ']*', 'u');
  const EDGE_TRAIL = new RegExp('[' + PYWS + ']*$', 'u');

  // The facts parser is validate's: CommonMark (raw HTML recognised) plus tables.
  const factsParser = window.markdownit('commonmark').enable('table');
  // The preview is the site's: raw HTML shown as text, never passed through.
  const viewParser = window.markdownit('commonmark', { html: false, linkify: false, typographer: false }).enable('table');

  function pyStrip(text) { return text.replace(EDGE_LEAD, '').replace(EDGE_TRAIL, ''); }
  function edge(text, leading) {
    return leading ? text.match(EDGE_LEAD)[0] : text.slice(text.replace(EDGE_TRAIL, '').length);
  }
  function cpCompare(a, b) { // Python's str order: by code point
    const x = Array.from(a), y = Array.from(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }
  function sorted(items) { return items.slice().sort(cpCompare); }
  // Python's repr() of a str, and checks/util.py quote(): messages read as validate's.
  const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
  function pyRepr(text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    const hex = (cp, n) => cp.toString(16).padStart(n, '0');
    let out = quote;
    for (const ch of text) {
      const cp = ch.codePointAt(0);
      if (ch === quote || ch === '\\') out += '\\' + ch;
      else if (ch === '\t') out += '\\t';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
      else if (cp < 0x7f || ch === ' ' || !NOT_PRINTABLE.test(ch)) out += ch;
      else if (cp <= 0xff) out += '\\x' + hex(cp, 2);
      else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
      else out += '\\U' + hex(cp, 8);
    }
    return out + quote;
  }
  function repr(text, limit) {
    const chars = Array.from(text);
    limit = limit || 60;
    return pyRepr(chars.length > limit ? chars.slice(0, limit - 1).join('') + '…' : text);
  }

  function parseTag(raw) {
    const m = TAG_RE.exec(pyStrip(raw));
    if (!m) return null;
    const name = m[2].toLowerCase();
    return { name: name, closing: !!m[1], selfClosing: !!m[4] || VOID_TAGS.has(name) };
  }

  const factsCache = new Map();
  function mdFacts(text) {
    let facts = factsCache.get(text);
    if (facts) return facts;
    const links = [], images = [], code = [], html = [], parts = [];
    let em = 0, strong = 0, inAutolink = false;
    for (const block of factsParser.parseInline(text, {})) {
      for (const tok of block.children || []) {
        switch (tok.type) {
          case 'link_open': links.push(tok.attrGet('href') || ''); inAutolink = tok.markup === 'autolink'; break;
          case 'link_close': inAutolink = false; break;
          case 'image': images.push(tok.attrGet('src') || ''); parts.push(tok.content); break;
          case 'code_inline': code.push(tok.content); break;
          case 'em_open': em++; break;
          case 'strong_open': strong++; break;
          case 'html_inline': {
            const tag = parseTag(tok.content);
            if (tag) {
              html.push(tag);
              for (const m of tok.content.matchAll(ATTR_RE)) {
                const value = m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4];
                (m[1].toLowerCase() === 'src' ? images : links).push(value);
              }
            }
            break;
          }
          case 'text': if (!inAutolink) parts.push(tok.content); break;
          case 'softbreak': case 'hardbreak': parts.push('\n'); break;
          default: break;
        }
      }
    }
    facts = { links, images, code, emphasis: em, strong, html, text: parts.join('') };
    if (factsCache.size > 2000) factsCache.clear();
    factsCache.set(text, facts);
    return facts;
  }

  // checks/mdfacts.py reference_labels(): a references table that resolves every label lets
  // CommonMark's own rules say which bracketed spans are reference links.
  const REF_MARK = '\u0000ref:';
  const ANY_REFERENCE = new Proxy({}, {
    get: (target, label) => (typeof label === 'string' ? { href: REF_MARK + label, title: '' } : undefined),
  });
  function referenceLabels(text) {
    if (!text.includes(']')) return [];
    const labels = [];
    for (const block of factsParser.parseInline(text, { references: ANY_REFERENCE })) {
      for (const tok of block.children || []) {
        const target = (tok.type === 'link_open' ? tok.attrGet('href') : tok.type === 'image' ? tok.attrGet('src') : null) || '';
        if (target.startsWith(REF_MARK)) labels.push(target.slice(REF_MARK.length).toLowerCase());
      }
    }
    return labels;
  }

  function mayHoldUrl(text) { return text.includes('://') || text.toLowerCase().includes('www.'); }
  function rstripChars(text, chars) {
    let end = text.length;
    while (end > 0 && chars.includes(text[end - 1])) end--;
    return text.slice(0, end);
  }
  function urls(text) {
    const prose = mdFacts(text).text;
    if (!mayHoldUrl(prose)) return [];
    return Array.from(prose.matchAll(URL_RE), (m) => rstripChars(m[0], URL_TRAILERS));
  }
  function emails(text) {
    if (!text.includes('@')) return [];
    return Array.from(text.matchAll(EMAIL_RE), (m) => m[0].toLowerCase());
  }
  function placeholders(text, printf) {
    const found = text.includes('{') ? Array.from(text.matchAll(BRACE_RE), (m) => m[0]) : [];
    if (printf && text.includes('%')) for (const m of text.matchAll(PRINTF_RE)) found.push(m[0]);
    return found;
  }

  function rewriteCandidates(target, rewrites) {
    const out = new Set([target]);
    for (const [oldText, newText] of rewrites) if (target.includes(oldText)) out.add(target.split(oldText).join(newText));
    let combined = target;
    for (const [oldText, newText] of rewrites) combined = combined.split(oldText).join(newText);
    out.add(combined);
    return out;
  }
  // checks/util.py unmatched(): source items without a counterpart, and extra translation items.
  function unmatched(source, translation, rewrites) {
    rewrites = rewrites || [];
    if (source.length === translation.length && source.every((s, i) => s === translation[i])) return [[], []];
    const right = new Map();
    for (const item of translation) right.set(item, (right.get(item) || 0) + 1);
    const pending = [], missing = [];
    for (const item of source) {
      if ((right.get(item) || 0) > 0) right.set(item, right.get(item) - 1);
      else pending.push(item);
    }
    for (const item of pending) {
      let found = false;
      for (const candidate of sorted(Array.from(rewriteCandidates(item, rewrites)))) {
        if ((right.get(candidate) || 0) > 0) { right.set(candidate, right.get(candidate) - 1); found = true; break; }
      }
      if (!found) missing.push(item);
    }
    const extra = [];
    for (const [item, n] of right) for (let i = 0; i < n; i++) extra.push(item);
    return [missing, extra];
  }

  // checks/numbers.py
  const runCache = new Map();
  function runRe(separators) {
    const chars = Array.from(new Set(Array.from(separators))).sort(cpCompare).join('');
    let re = runCache.get(chars);
    if (!re) {
      re = new RegExp('\\p{Nd}+(?:[' + chars.replace(/[\\\]\[^-]/g, '\\$&') + ']\\p{Nd}+)*', 'gu');
      runCache.set(chars, re);
    }
    return re;
  }
  const ALL_DIGITS = /^\p{Nd}+$/u;
  function canonical(run, decimal, group) {
    const groups = new Set([group]);
    if (SPACES.includes(group)) for (const c of SPACES) groups.add(c);
    let integer = run, fraction = '', dot = false;
    const at = run.indexOf(decimal);
    if (at >= 0) { integer = run.slice(0, at); fraction = run.slice(at + decimal.length); dot = true; }
    if (dot && !ALL_DIGITS.test(fraction)) return null;
    const pieces = [];
    let current = '';
    for (const c of integer) { if (groups.has(c)) { pieces.push(current); current = ''; } else current += c; }
    pieces.push(current);
    if (!ALL_DIGITS.test(pieces[0])) return null;
    if (pieces.length > 1 && !pieces.slice(1).every((p) => Array.from(p).length === 3 && ALL_DIGITS.test(p))) return null;
    const whole = pieces.join('').replace(/^0+/, '') || '0';
    fraction = fraction.replace(/0+$/, '');
    return fraction ? whole + '.' + fraction : whole;
  }
  function numberProse(text) {
    let prose = mdFacts(text).text;
    if (mayHoldUrl(prose)) prose = prose.replace(URL_RE, ' ');
    if (prose.includes('@')) prose = prose.replace(EMAIL_RE, ' ');
    if (prose.includes('{')) prose = prose.replace(BRACE_RE, ' ');
    if (prose.includes('%')) prose = prose.replace(PRINTF_RE, ' ');
    return prose;
  }
  function digitRuns(prose) {
    return new Set((prose.match(DIGITS_RE) || []).map((d) => d.replace(/^0+/, '') || '0'));
  }
  function numberValues(prose) {
    const values = new Set();
    for (const [decimal, group] of [[RULES.decimal, RULES.group], [RULES.sourceDecimal, RULES.sourceGroup]]) {
      const seps = decimal + group + (SPACES.includes(group) ? SPACES : '');
      for (const m of prose.matchAll(runRe(seps))) {
        const value = canonical(m[0], decimal, group);
        if (value !== null) values.add(value);
      }
    }
    for (const d of prose.match(DIGITS_RE) || []) {
      const value = canonical(d, '.', ',');
      values.add(value !== null ? value : d);
    }
    return values;
  }
  // checks/spelled.py fold(): str.casefold (the table from Python), NFKD, accents dropped
  function fold(text) {
    let out = '';
    for (const ch of text) { const f = FOLD.get(ch); out += f === undefined ? ch : f; }
    return out.normalize('NFKD').replace(P.foldMarks, '');
  }
  // checks/numbers.py unexplained_digits(): digit runs of the translation the source lacks
  function unexplained(s, prose) {
    const have = digitRuns(prose);
    if (!have.size) return [];
    if (!s.explainedSet) s.explainedSet = new Set(s.explained);
    return [...have].filter((v) => !s.explainedSet.has(v));
  }
  function pyLen(text) { return Array.from(text).length; }
  // collections.Counter(found) - Counter(known), in the order of first occurrence
  function counterMinus(found, known) {
    const count = new Map();
    for (const item of found) count.set(item, (count.get(item) || 0) + 1);
    for (const item of known) if (count.has(item)) count.set(item, count.get(item) - 1);
    return [...count].filter(([, n]) => n > 0).map(([item]) => item);
  }

  function nonMail(links) { return links.filter((l) => !l.toLowerCase().startsWith('mailto:')); }
  function tagCounts(tags) {
    const counts = new Map();
    for (const t of tags) { const k = (t.closing ? '/' : '') + t.name; counts.set(k, (counts.get(k) || 0) + 1); }
    return counts;
  }
  function unbalanced(tags) {
    const stack = [], problems = [];
    for (const tag of tags) {
      if (tag.selfClosing && !tag.closing) continue;
      if (!tag.closing) stack.push(tag.name);
      else if (stack.length && stack[stack.length - 1] === tag.name) stack.pop();
      else if (stack.includes(tag.name)) {
        while (stack.length && stack[stack.length - 1] !== tag.name) problems.push('<' + stack.pop() + '> not closed');
        stack.pop();
      } else problems.push('</' + tag.name + '> without <' + tag.name + '>');
    }
    for (const name of stack) problems.push('<' + name + '> not closed');
    return problems;
  }
  // checks/glossary.py term_pattern(): a word starting with the term or rendering
  function termFound(term, text) { return pattern(RULES.terms[term]).test(text); }

  // One check per id, on one (source expectations, translation) pair; each returns messages.
  const CHECKS = {
    'number': (s, text, english, entry) => {
      if (!s.numbers.length) return [];
      const prose = numberProse(text);
      const runs = digitRuns(prose);
      if (s.numbers.every(([value]) => runs.has(value))) return [];
      const have = numberValues(prose);
      const missing = s.numbers.filter(([value]) => !have.has(value));
      if (!missing.length) return [];
      // words count only where the translation has no digits the source cannot explain
      const wordsCount = !unexplained(s, prose).length;
      const folded = wordsCount ? fold(prose) : '';
      return missing
        .filter(([, , spelled]) => !(wordsCount && spelled !== null && pattern(RULES.spelled[spelled]).test(folded)))
        .map(([, written]) => templated('number', entry, written));
    },
    'number-added': (s, text) => {
      const raw = text.match(DIGITS_RE) || [];
      if (!s.rawSet) s.rawSet = new Set(s.rawDigits);
      if (raw.every((d) => s.rawSet.has(d))) return [];
      const extra = unexplained(s, numberProse(text));
      if (!extra.length) return [];
      const shown = extra.sort((a, b) => pyLen(a) - pyLen(b) || cpCompare(a, b)).slice(0, 4).join(', ');
      return ['the translation has number(s) ' + shown + ' that the source does not have: a typo, ' +
        'or the translation of another paragraph?'];
    },
    'url': (s, text) => {
      const [missing, found] = unmatched(s.urls, urls(text), RULES.urlRewrites);
      // checks/placeholders.py: a source link's target left bare is md-link-count's (lost syntax)
      const extra = found.filter((u) => unmatched(s.links, [u], RULES.urlRewrites)[1].length);
      if (missing.length === 1 && extra.length === 1) return ['URL changed: ' + repr(missing[0]) + ' → ' + repr(extra[0])];
      return missing.map((u) => 'URL ' + repr(u) + ' of the source is missing')
        .concat(extra.map((u) => 'URL ' + repr(u) + ' is not in the source'));
    },
    'email': (s, text) => {
      const want = new Set(s.emails), got = new Set(emails(text));
      const missing = sorted([...want].filter((e) => !got.has(e)));
      const extra = sorted([...got].filter((e) => !want.has(e)));
      if (missing.length === 1 && extra.length === 1) return ['e-mail address changed: ' + missing[0] + ' → ' + extra[0]];
      return missing.map((e) => 'e-mail address ' + e + ' of the source is missing')
        .concat(extra.map((e) => 'e-mail address ' + e + ' is not in the source'));
    },
    'placeholder': (s, text) => {
      const [missing, extra] = unmatched(s.placeholders, placeholders(text, s.printf));
      if (missing.length === 1 && extra.length === 1) return ['placeholder changed: ' + missing[0] + ' → ' + extra[0] + ' (placeholders are never translated)'];
      return missing.map((p) => 'placeholder ' + p + ' of the source is missing')
        .concat(extra.map((p) => 'placeholder ' + p + ' is not in the source'));
    },
    'md-link-count': (s, text) => {
      const links = mdFacts(text).links, got = links.length, want = s.links.length;
      if (want === got) return [];
      // checks/markup.py lost_syntax(): a lost link whose target is still there as a bare URL
      let broken = [];
      if (want > got) {
        const bare = urls(text);
        broken = unmatched(nonMail(s.links), links, RULES.urlRewrites)[0]
          .filter((t) => !unmatched([t], bare, RULES.urlRewrites)[0].length);
      }
      const out = broken.map((t) => 'the link `' + s.linkShown[t] + '` lost its Markdown syntax: write it as ' +
        '`[translated text](' + t + ')`, with no space between `]` and `(`');
      if (want - broken.length !== got) out.push('the source has ' + want + ' link(s), the translation ' + got);
      return out;
    },
    'md-link-target': (s, text) => {
      const [missing, extra] = unmatched(nonMail(s.links), nonMail(mdFacts(text).links), RULES.urlRewrites);
      if (missing.length === 1 && extra.length === 1) return ['link target changed: ' + repr(missing[0]) + ' → ' + repr(extra[0])];
      return extra.map((l) => 'link target ' + repr(l) + ' is not in the source');
    },
    'md-image': (s, text) => {
      const got = mdFacts(text).images;
      if (got.length !== s.images.length) return ['the source has ' + s.images.length + ' image(s), the translation ' + got.length];
      const [missing, extra] = unmatched(s.images, got, RULES.urlRewrites);
      return missing.slice(0, extra.length).map((old, i) => 'image target changed: ' + repr(old) + ' → ' + repr(extra[i]));
    },
    'md-code': (s, text) => {
      const got = mdFacts(text).code;
      if (got.length !== s.code.length) return ['the source has ' + s.code.length + ' inline code span(s), the translation ' + got.length];
      const [missing, extra] = unmatched(s.code, got);
      return missing.slice(0, extra.length).map((old, i) => 'inline code changed: `' + old + '` → `' + extra[i] + '` (code is never translated)');
    },
    'md-emphasis': (s, text) => {
      const f = mdFacts(text), out = [];
      if (f.emphasis !== s.emphasis) out.push('the source has ' + s.emphasis + ' emphasis span(s) (*…*), the translation ' + f.emphasis);
      if (f.strong !== s.strong) out.push('the source has ' + s.strong + ' strong span(s) (**…**), the translation ' + f.strong);
      return out;
    },
    'md-html': (s, text) => {
      const source = s.html.map(([name, closing, selfClosing]) => ({ name, closing, selfClosing }));
      const got = mdFacts(text).html;
      if (!source.length && !got.length) return [];
      const want = tagCounts(source), have = tagCounts(got);
      const keys = new Set([...want.keys(), ...have.keys()]);
      if ([...keys].some((k) => (want.get(k) || 0) !== (have.get(k) || 0))) {
        // checks/markup.py show(): Counter difference, sorted by (name, closing)
        const show = (a, b) => {
          const items = [...a.keys()].filter((k) => a.get(k) > (b.get(k) || 0))
            .map((k) => [k.replace(/^\//, ''), k.startsWith('/'), a.get(k) - (b.get(k) || 0)])
            .sort((x, y) => cpCompare(x[0], y[0]) || Number(x[1]) - Number(y[1]));
          const tags = [];
          for (const [name, closing, n] of items) for (let i = 0; i < n; i++) tags.push('<' + (closing ? '/' : '') + name + '>');
          return tags.join(' ') || 'none';
        };
        return ['HTML tags differ: the source has ' + show(want, have) + ' where the translation has ' + show(have, want)];
      }
      const known = new Set(unbalanced(source));
      return unbalanced(got).filter((p) => !known.has(p)).map((p) => 'unbalanced HTML: ' + p);
    },
    'md-reference': (s, text) => unmatched(s.refs, referenceLabels(text))[0].map((label) =>
      '[' + label + '] of the source is gone from the translation: if it is a reference link, its label ' +
      'must stay as it is for the link to find its definition; translate the link text as ' +
      '[translated text][' + label + ']'),
    'glossary-dnt': (s, text) => s.dnt
      .filter((term) => !text.includes(term) && !RULES.dnt[term][0].some((r) => termFound(r, text)))
      .map((term) => RULES.dnt[term][1]),
    'glossary-term': (s, text) => s.terms
      .filter((english) => !termFound(RULES.required[english][0], text))
      .map((english) => RULES.required[english][1]),
    'whitespace': (s, text) => {
      const out = [];
      const lead = edge(text, true), trail = edge(text, false);
      if (lead !== s.lead) out.push('leading whitespace differs: source ' + pyRepr(s.lead) + ', translation ' + pyRepr(lead));
      if (trail !== s.trail) out.push('trailing whitespace differs: source ' + pyRepr(s.trail) + ', translation ' + pyRepr(trail));
      if (!s.newline && !text.includes('\n')) return out;
      if (!s.innerNewline && pyStrip(text).includes('\n')) out.push('the translation breaks a line the source does not break');
      const breaks = (text.match(HARD_BREAK_RE) || []).length;
      if (breaks !== s.hardBreaks) out.push('the source has ' + s.hardBreaks + ' hard line break(s), the translation ' + breaks);
      return out;
    },
  };

  // checks/text.py meaning_marks(): question and exclamation marks of the visible prose
  function meaningMarks(text) {
    let prose = mdFacts(text).text;
    if (mayHoldUrl(prose)) prose = prose.replace(URL_RE, ' ');
    let questions = 0, exclamations = 0;
    for (const c of prose) {
      if (RULES.questionMarks.includes(c)) questions++;
      if (RULES.exclamationMarks.includes(c)) exclamations++;
    }
    return [questions, exclamations];
  }
  // checks/encoding.py entity_problems()
  function entityProblems(text) {
    if (!text.includes('&')) return [];
    const out = [];
    for (const m of text.matchAll(P.entityNoSemicolon)) {
      let name = m[1];
      if (!name.startsWith('#')) {
        let known = '';
        for (let n = name.length; n > 1; n--) if (ENTITIES.has(name.slice(0, n))) { known = name.slice(0, n); break; }
        name = known;
      }
      if (name) out.push('HTML entity ' + repr('&' + name) + ' lacks its semicolon: write &' + name + ';');
    }
    for (const m of text.matchAll(P.entitySpaced)) {
      if (m[1].startsWith('#') || ENTITIES.has(m[1])) out.push('HTML entity ' + repr(m[0]) + ' is split: write &' + m[1] + ';');
    }
    for (const m of text.matchAll(P.entityNamed)) if (!ENTITIES.has(m[1])) out.push('unknown HTML entity ' + repr(m[0]));
    return out;
  }
  // checks/leftovers.py doubled()
  function doubled(text) {
    if (text.search(P.mayDouble) < 0) return [];
    if (mayHoldUrl(text)) text = text.replace(URL_RE, ' ');
    return Array.from(text.matchAll(P.doubled), (m) => m[0]);
  }
  Object.assign(CHECKS, {
    'double-space': (s, text) => {
      if (!text.includes('  ')) return [];
      const found = Array.from(text.matchAll(DOUBLE_SPACE_RE));
      if (found.length <= s.doubleSpaces) return [];
      const m = found[0], chars = Array.from(text);
      const start = Array.from(text.slice(0, m.index)).length, end = start + m[0].length;
      return ['double space in the translation: ' + repr(chars.slice(Math.max(0, start - 15), end + 15).join(''))];
    },
    'punctuation': (s, text) => {
      const got = meaningMarks(text), out = [];
      ['question mark', 'exclamation mark'].forEach((name, i) => {
        const w = s.marks[i], g = got[i];
        if (w !== g) {
          out.push('the source has ' + w + ' ' + name + '(s), the translation ' + g + ': ' +
            (name === 'question mark' && g < w ? 'a question became a statement' : 'the tone changed') + '?');
        }
      });
      return out;
    },
    'same-as-source': (s, text, source, entry) => (text === source && s.same ? [templated('same-as-source', entry)] : []),
    'length-ratio': (s, text, source) => {
      if (s.length < RULES.minRatioLength || text === source) return [];
      const ratio = Array.from(text).length / s.length;
      const [low, high] = RULES.lengthRatio;
      if (low <= ratio && ratio <= high) return [];
      return ['the translation is ' + ratio.toFixed(2) + '× the source\'s length (allowed ' +
        RULES.lengthRatioText[0] + '–' + RULES.lengthRatioText[1] + '); is something missing or added?'];
    },
    'html-entity': (s, text) => {
      const known = new Set(s.entities);
      return entityProblems(text).filter((p) => !known.has(p));
    },
    'mask-token': (s, text) => {
      const found = Array.from(text.matchAll(P.mask), (m) => m[0].replace(P.spaces, ''));
      return counterMinus(found, s.masks).map((token) => repr(token) + ' looks like a machine-translation ' +
        'mask or placeholder left in the text (the source has none): put back what it stood for');
    },
    'doubled-punctuation': (s, text) => {
      const found = doubled(text);
      if (!found.length) return [];
      const chars = Array.from(text);
      return counterMinus(found, s.doubled).map((mark) => {
        const unit = text.indexOf(mark);
        const at = unit < 0 ? -1 : pyLen(text.slice(0, unit)); // Python's str.find
        const around = chars.slice(Math.max(0, at - 15), at + pyLen(mark) + 15).join('');
        const what = '”“"»›)]'.includes(Array.from(mark).pop()) ? 'empty quotes or brackets' : 'doubled punctuation';
        return what + ' ' + repr(mark) + ' not in the source: ' + repr(around);
      });
    },
    // checks/coverage.py english_left(): a run of the English's words left in the translation
    'english-left': (s, text, source, entry) => {
      if (!s.runs.length || text === source) return [];
      if (!s.runSet) { // every RUN words in a row of each chain is a run (expect.py _chains)
        s.runSet = new Set();
        s.vocabulary = new Set(s.runWords);
        for (const chain of s.runs) {
          const words = chain.split(' ');
          for (const w of words) s.vocabulary.add(w);
          for (let i = 0; i + RULES.run <= words.length; i++) s.runSet.add(words.slice(i, i + RULES.run).join(' '));
        }
      }
      const words = Array.from(fold(numberProse(text)).matchAll(P.word), (m) => m[0]);
      let common = 0;
      for (const w of new Set(words)) if (s.vocabulary.has(w)) common++;
      if (common < RULES.run - 1) return [];
      const hits = [];
      for (let i = 0; i + RULES.run <= words.length; i++) if (s.runSet.has(words.slice(i, i + RULES.run).join(' '))) hits.push(i);
      if (!hits.length) return [];
      const start = hits[0], hit = new Set(hits);
      let end = start + RULES.run;
      while (end < words.length && hit.has(end - RULES.run + 1)) end++;
      return [templated('english-left', entry, repr(words.slice(start, end).join(' ')))];
    },
  });

  /** validate's verdicts on one entry with these translation forms: [{check, message}]. */
  function liveFindings(entry, forms) {
    const exp = entry.expect;
    if (exp.approved !== null && entry.plural === null && forms[0] === exp.approved) return [];
    const quiet = new Set(exp.quiet);
    const out = [];
    // checks/disclaimer.py: one text per entry, the approved one or the English
    const text = forms[0];
    if (RULES.checks.includes('disclaimer') && !quiet.has('disclaimer') && exp.disclaimer &&
        entry.plural === null && text && text !== entry.msgid) {
      const lang = DATA.language.code;
      if (exp.approved === null) {
        out.push({ check: 'disclaimer', message: 'no approved disclaimer is configured for ' + lang +
          ' ([languages.' + lang + '] disclaimer): leave it untranslated or identical to English' });
      } else if (text !== exp.approved) {
        const a = Array.from(text), b = Array.from(exp.approved);
        let at = 0;
        while (at < Math.min(a.length, b.length) && a[at] === b[at]) at++;
        out.push({ check: 'disclaimer', message: 'the disclaimer differs from the approved ' + lang +
          ' text at character ' + (at + 1) + ' (' + pyRepr(a.slice(at, at + 20).join('')) + ' instead of ' +
          pyRepr(b.slice(at, at + 20).join('')) + '); copy the approved text exactly, or leave it untranslated' });
      }
    }
    forms.forEach((text, index) => {
      if (!text) return; // empty: the untranslated state, not a finding
      const last = exp.sources.length - 1;
      const source = exp.sources[index === 0 ? 0 : last];
      const english = index === 0 || entry.plural === null ? entry.msgid : entry.plural;
      for (const id of RULES.checks) {
        if (quiet.has(id) || !CHECKS[id]) continue;
        for (const message of CHECKS[id](source, text, english, entry)) out.push({ check: id, message: message });
      }
    });
    return out;
  }

  // ------------------------------------------------------------------ state and storage
  const STORE_KEY = 'mirage-review:v1:' + DATA.project + ':' + DATA.language.code + ':' + DATA.packId;
  const entries = []; // every entry, in pack order: {doc, entry, uid, forms, fuzzy, index}
  const byUid = new Map();
  DATA.documents.forEach((doc, d) => {
    doc.entries.forEach((entry, i) => {
      const item = { doc: doc, docIndex: d, entry: entry, uid: doc.domain + '\n' + entry.id,
        forms: entry.forms.slice(), fuzzy: entry.fuzzy, index: i, card: null };
      entries.push(item);
      byUid.set(item.uid, item);
    });
  });
  let storageOk = true;
  let translator = '';

  function edited(item) {
    return item.fuzzy !== item.entry.fuzzy || item.forms.some((f, i) => f !== item.entry.forms[i]);
  }
  function stateOf(item) {
    if (item.forms.some((f) => !f)) return 'untranslated';
    return item.fuzzy ? 'fuzzy' : 'reviewed';
  }
  // The locked disclaimer may stay untranslated (the English is shown): as in `status`,
  // it then counts as neither done nor to do.
  function fallback(item) { return item.entry.ctx === 'disclaimer' && stateOf(item) === 'untranslated'; }
  function needsWork(item) { return stateOf(item) !== 'reviewed' && !fallback(item); }

  function persist() {
    const edits = {};
    for (const item of entries) if (edited(item)) edits[item.uid] = { forms: item.forms, fuzzy: item.fuzzy };
    const record = { version: 1, kept: new Date().toISOString(), translator: translator, edits: edits };
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(record));
      storageOk = true;
      showStored('Kept in this browser at ' + new Date().toLocaleTimeString() + '.');
    } catch (err) {
      storageOk = false;
      showStored('This browser does not keep your work (' + err.name + '): click "Save translations" often.', true);
    }
  }
  function restore() {
    let raw = null;
    try { raw = localStorage.getItem(STORE_KEY); } catch (err) { storageOk = false; }
    if (!raw) return 0;
    let record;
    try { record = JSON.parse(raw); } catch (err) { return 0; }
    if (!record || typeof record.edits !== 'object') return 0;
    translator = typeof record.translator === 'string' ? record.translator : '';
    let count = 0;
    for (const [uid, edit] of Object.entries(record.edits)) {
      const item = byUid.get(uid);
      if (!item || !edit || !Array.isArray(edit.forms) || edit.forms.length !== item.forms.length) continue;
      if (!edit.forms.every((f) => typeof f === 'string')) continue;
      item.forms = edit.forms.slice();
      item.fuzzy = !!edit.fuzzy;
      count++;
    }
    return count;
  }
  function showStored(text, warn) {
    const box = document.getElementById('stored');
    box.textContent = text;
    box.classList.toggle('warning', !!warn);
  }

  // ------------------------------------------------------------------ saving a review file
  function pad(n) { return String(n).padStart(2, '0'); }
  function localDate(d) { return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); }
  function poDate(d) {
    const off = -d.getTimezoneOffset(), sign = off >= 0 ? '+' : '-', a = Math.abs(off);
    return localDate(d) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + sign + pad(Math.floor(a / 60)) + pad(a % 60);
  }
  function reviewFile(now) {
    return {
      'mirage-review': 1,
      project: DATA.project,
      language: DATA.language.code,
      packId: DATA.packId,
      saved: now.toISOString(),
      headers: {
        'Last-Translator': translator.trim(),
        'PO-Revision-Date': poDate(now),
        'X-Generator': 'mirage-i18n review page (' + DATA.generator + ')',
      },
      pack: DATA.manifest,
      catalogues: DATA.documents.map((doc, d) => {
        const items = entries.filter((item) => item.docIndex === d);
        return {
          domain: doc.domain,
          file: doc.file,
          changed: items.some(edited),
          entries: items.map((item) => {
            const e = item.entry, out = { context: e.ctx, msgid: e.msgid, fuzzy: item.fuzzy };
            if (e.plural === null) out.msgstr = item.forms[0];
            else { out.msgid_plural = e.plural; out.msgstr_plural = item.forms; }
            return out;
          }),
        };
      }),
    };
  }
  function saveFile() {
    const now = new Date();
    const name = DATA.project + '-' + DATA.language.code + '-' + localDate(now) + '-review.json';
    const blob = new Blob([JSON.stringify(reviewFile(now), null, 1) + '\n'], { type: 'application/json' });
    const link = document.createElement('a');
    link.download = name;
    link.href = URL.createObjectURL(blob);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    showStored('Saved ' + name + ' to your downloads: send it to the communications officer.');
  }
  function openFile(file) {
    const reader = new FileReader();
    reader.onload = () => {
      let data;
      try { data = JSON.parse(reader.result); } catch (err) { showStored('Not a saved review file: ' + file.name, true); return; }
      if (!data || data['mirage-review'] !== 1 || data.project !== DATA.project || data.language !== DATA.language.code || !Array.isArray(data.catalogues)) {
        showStored(file.name + ' is not a saved review of ' + DATA.project + ' in ' + DATA.language.name + '.', true);
        return;
      }
      let taken = 0;
      for (const cat of data.catalogues) {
        if (!cat || !Array.isArray(cat.entries)) continue;
        for (const e of cat.entries) {
          const item = entries.find((it) => it.doc.domain === cat.domain && it.entry.msgid === e.msgid && it.entry.ctx === e.context);
          if (!item) continue;
          const forms = item.entry.plural === null ? [e.msgstr] : e.msgstr_plural;
          if (!Array.isArray(forms) || forms.length !== item.forms.length || !forms.every((f) => typeof f === 'string')) continue;
          item.forms = forms.slice();
          item.fuzzy = !!e.fuzzy;
          taken++;
        }
      }
      if (typeof data.headers === 'object' && data.headers && typeof data.headers['Last-Translator'] === 'string' && !translator) {
        translator = data.headers['Last-Translator'];
        document.getElementById('translator').value = translator;
      }
      persist();
      render();
      showStored('Continued from ' + file.name + ': ' + taken + ' entries read.');
    };
    reader.readAsText(file);
  }

  // ------------------------------------------------------------------ DOM
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  /** Inline Markdown → DOM nodes: links and images are shown, never followed or loaded. */
  function renderMarkdown(text, into) {
    into.replaceChildren();
    const stack = [into];
    const top = () => stack[stack.length - 1];
    for (const block of viewParser.parseInline(text, {})) {
      for (const tok of block.children || []) {
        switch (tok.type) {
          case 'text': top().append(tok.content); break;
          case 'softbreak': top().append('\n'); break;
          case 'hardbreak': top().append(el('br')); break;
          case 'code_inline': top().append(el('code', null, tok.content)); break;
          case 'strong_open': case 'em_open': case 's_open': {
            const node = el(tok.tag);
            top().append(node);
            stack.push(node);
            break;
          }
          case 'link_open': {
            const node = el('span', 'md-link');
            node.title = tok.attrGet('href') || '';
            top().append(node);
            stack.push(node);
            break;
          }
          case 'strong_close': case 'em_close': case 's_close': case 'link_close':
            if (stack.length > 1) stack.pop();
            break;
          case 'image': {
            const node = el('span', 'md-image', '🖼 ' + tok.content);
            node.title = tok.attrGet('src') || '';
            top().append(node);
            break;
          }
          default: if (tok.content) top().append(tok.content);
        }
      }
    }
  }

  const STATE_LABEL = { untranslated: 'Untranslated', fuzzy: 'Needs work', reviewed: 'Reviewed' };
  let filter = 'work';
  let currentDoc = 0;
  let focused = null;
  let showRaw = false;

  function originLabel(origin) {
    if (!origin) return null;
    if (origin.startsWith('mirage-mt:')) return 'Machine translation: ' + origin.slice(10).trim();
    if (origin.startsWith('mirage-tm:')) return 'From translation memory: ' + origin.slice(10).trim();
    return origin;
  }

  function buildCard(item) {
    const e = item.entry;
    const card = el('section', 'entry');
    card.id = 'entry-' + item.docIndex + '-' + item.index;
    card.tabIndex = -1;
    const meta = el('div', 'meta');
    const badge = el('span', 'badge');
    meta.append(badge);
    for (const c of e.comments) meta.append(el('span', 'kind', c));
    if (e.ctx) meta.append(el('span', 'kind', 'context: ' + e.ctx));
    const origin = originLabel(e.origin);
    if (origin) meta.append(el('span', 'origin', origin));
    card.append(meta);

    const source = el('div', 'source');
    source.lang = DATA.sourceLanguage.code;
    const sourceTexts = e.plural === null ? [e.msgid] : [e.msgid, e.plural];
    for (const text of sourceTexts) {
      const rendered = el('div', 'rendered');
      renderMarkdown(text, rendered);
      const raw = el('pre', 'raw', text);
      rendered.hidden = showRaw;
      raw.hidden = !showRaw;
      source.append(rendered, raw);
    }
    const rawToggle = el('button', 'small toggle-raw', showRaw ? 'Rendered' : 'Markdown');
    rawToggle.type = 'button';
    rawToggle.addEventListener('click', () => toggleRaw(card, rawToggle));
    source.append(rawToggle);
    card.append(source);

    if (e.diff) {
      const prev = el('div', 'previous');
      prev.append(el('span', 'label', 'The English changed since the translation was made: '));
      const diff = el('span', 'diff');
      for (const [op, text] of e.diff) diff.append(op === '=' ? document.createTextNode(text) : el(op === '-' ? 'del' : 'ins', null, text));
      prev.append(diff);
      card.append(prev);
    }
    if (e.ctx === 'disclaimer') {
      card.append(el('p', 'note', 'Locked text: enter only the officially approved translation for your language. ' +
        'If you do not have it, leave it empty: the English is shown instead, which is always allowed.'));
    }
    if (e.notes.length) {
      const notes = el('ul', 'notes');
      for (const n of e.notes) notes.append(el('li', null, n));
      card.append(notes);
    }

    const editors = el('div', 'editors');
    item.areas = item.forms.map((form, i) => {
      const wrap = el('label', 'editor');
      if (item.forms.length > 1) wrap.append(el('span', 'form', 'Form ' + (i + 1) + (i === 0 ? ' (singular)' : '')));
      const area = el('textarea');
      area.lang = DATA.language.code;
      area.dir = DATA.language.dir;
      area.spellcheck = true;
      area.value = form;
      area.rows = Math.min(12, Math.max(2, Math.ceil(Math.max(form.length, e.msgid.length) / 70)));
      area.addEventListener('input', () => onEdit(item, i, area.value));
      wrap.append(area);
      editors.append(wrap);
      return area;
    });
    card.append(editors);

    item.preview = el('div', 'preview');
    item.preview.lang = DATA.language.code;
    item.preview.dir = DATA.language.dir;
    card.append(item.preview);

    const controls = el('div', 'controls');
    const reviewedLabel = el('label', 'reviewed');
    item.toggle = el('input');
    item.toggle.type = 'checkbox';
    item.toggle.addEventListener('change', () => setReviewed(item, item.toggle.checked));
    reviewedLabel.append(item.toggle, document.createTextNode(' Reviewed'));
    const copy = el('button', 'small', 'Copy English');
    copy.type = 'button';
    copy.addEventListener('click', () => copyEnglish(item));
    const undo = el('button', 'small undo', 'Undo my changes');
    undo.type = 'button';
    undo.addEventListener('click', () => revert(item));
    item.undo = undo;
    controls.append(reviewedLabel, copy, undo);
    card.append(controls);

    item.live = el('ul', 'findings live');
    card.append(item.live);
    const earlier = e.findings.filter((f) => !RULES.checks.includes(f.check));
    if (earlier.length) {
      const packed = el('ul', 'findings packed');
      for (const f of earlier) {
        const li = el('li', f.severity, f.message);
        li.prepend(el('span', 'check', f.check + ' (when packed)'));
        packed.append(li);
      }
      card.append(packed);
    }
    item.context = el('div', 'context');
    item.context.hidden = true;
    card.append(item.context);
    card.addEventListener('focusin', () => setFocus(item));
    item.card = card;
    refresh(item);
    return card;
  }

  function refresh(item) {
    const state = stateOf(item);
    const card = item.card;
    if (!card) return;
    card.dataset.state = state;
    const badge = card.querySelector('.badge');
    badge.textContent = STATE_LABEL[state] + (edited(item) ? ' · changed' : '');
    badge.className = 'badge ' + state;
    item.toggle.checked = !item.fuzzy && state !== 'untranslated';
    item.toggle.disabled = state === 'untranslated';
    item.undo.hidden = !edited(item);
    renderMarkdown(item.forms.filter((f) => f).join('\n\n'), item.preview);
    item.preview.hidden = !item.forms.some((f) => f);
    const found = liveFindings(item.entry, item.forms);
    item.live.replaceChildren();
    for (const f of found) {
      const li = el('li', RULES.severity[f.check] || 'error', f.message);
      li.prepend(el('span', 'check', f.check));
      item.live.append(li);
    }
    item.live.hidden = !found.length;
    card.classList.toggle('has-findings', found.length > 0);
  }

  function hasFindings(item) {
    return liveFindings(item.entry, item.forms).length > 0 ||
      item.entry.findings.some((f) => !RULES.checks.includes(f.check));
  }

  function onEdit(item, index, value) {
    item.forms[index] = value;
    persist();
    refresh(item);
    updateProgress();
  }
  function setReviewed(item, reviewed) {
    if (stateOf(item) === 'untranslated') reviewed = false;
    item.fuzzy = !reviewed;
    persist();
    refresh(item);
    updateProgress();
  }
  function copyEnglish(item) {
    const sources = item.entry.plural === null ? [item.entry.msgid] : [item.entry.msgid, item.entry.plural];
    item.forms = item.forms.map((f, i) => (f ? f : sources[Math.min(i, sources.length - 1)]));
    item.areas.forEach((a, i) => { a.value = item.forms[i]; });
    persist();
    refresh(item);
    updateProgress();
  }
  function revert(item) {
    item.forms = item.entry.forms.slice();
    item.fuzzy = item.entry.fuzzy;
    item.areas.forEach((a, i) => { a.value = item.forms[i]; });
    persist();
    refresh(item);
    updateProgress();
  }
  function toggleRaw(card, button) {
    const raw = card.querySelectorAll('.raw'), rendered = card.querySelectorAll('.rendered');
    const toRaw = raw[0].hidden;
    raw.forEach((n) => { n.hidden = !toRaw; });
    rendered.forEach((n) => { n.hidden = toRaw; });
    button.textContent = toRaw ? 'Rendered' : 'Markdown';
  }
  function setFocus(item) {
    if (focused && focused !== item && focused.context) focused.context.hidden = true;
    focused = item;
    if (focused.card) focused.card.classList.add('focused');
    for (const other of document.querySelectorAll('.entry.focused')) if (other !== item.card) other.classList.remove('focused');
    const doc = DATA.documents[item.docIndex];
    const before = doc.entries[item.index - 1], after = doc.entries[item.index + 1];
    const box = item.context;
    box.replaceChildren();
    if (before) { box.append(el('div', 'label', 'Before this in the article:')); const p = el('div', 'neighbour'); renderMarkdown(before.msgid, p); box.append(p); }
    if (after) { box.append(el('div', 'label', 'After this:')); const p = el('div', 'neighbour'); renderMarkdown(after.msgid, p); box.append(p); }
    box.hidden = !before && !after;
  }

  function counts(items) {
    const c = { total: 0, reviewed: 0, fuzzy: 0, untranslated: 0 };
    for (const item of items) {
      if (fallback(item)) continue;
      c.total++;
      c[stateOf(item)]++;
    }
    return c;
  }
  function progressBar(c) {
    const bar = el('span', 'progress');
    const fill = el('span', 'fill');
    fill.style.width = (c.total ? (100 * c.reviewed) / c.total : 100).toFixed(1) + '%';
    bar.append(fill);
    return bar;
  }
  function updateProgress() {
    const all = counts(entries);
    const overall = document.getElementById('overall');
    overall.replaceChildren(progressBar(all), el('span', 'numbers',
      all.reviewed + ' of ' + all.total + ' reviewed · ' + all.fuzzy + ' marked Needs work · ' + all.untranslated + ' untranslated'));
    const nav = document.getElementById('articles');
    nav.querySelectorAll('button.article').forEach((button) => {
      const d = Number(button.dataset.doc);
      const c = counts(entries.filter((it) => it.docIndex === d));
      button.querySelector('.count').textContent = c.reviewed + '/' + c.total;
      button.querySelector('.progress .fill').style.width = (c.total ? (100 * c.reviewed) / c.total : 100).toFixed(1) + '%';
      button.classList.toggle('done', c.reviewed === c.total);
    });
  }

  function buildNav() {
    const nav = document.getElementById('articles');
    nav.replaceChildren(el('h2', null, 'Articles'));
    DATA.documents.forEach((doc, d) => {
      const button = el('button', 'article');
      button.type = 'button';
      button.dataset.doc = String(d);
      button.append(el('span', 'title', doc.title), el('span', 'count'), progressBar({ total: 1, reviewed: 0 }));
      button.title = doc.domain;
      button.addEventListener('click', () => { currentDoc = d; render(); window.scrollTo(0, 0); });
      nav.append(button);
    });
  }

  function visible(item) {
    if (filter === 'all') return true;
    if (filter === 'work') return needsWork(item);
    return hasFindings(item);
  }

  function render() {
    const main = document.getElementById('main');
    const doc = DATA.documents[currentDoc];
    main.replaceChildren();
    const head = el('div', 'doc-head');
    head.append(el('h1', null, doc.title), el('div', 'domain', doc.file));
    main.append(head);
    if (doc.findings.length) {
      const list = el('ul', 'findings packed doc');
      for (const f of doc.findings) { const li = el('li', f.severity, f.message); li.prepend(el('span', 'check', f.check + ' (when packed)')); list.append(li); }
      main.append(list);
    }
    const items = entries.filter((it) => it.docIndex === currentDoc);
    let shown = 0;
    for (const item of items) {
      item.card = null;
      if (!visible(item)) continue;
      main.append(buildCard(item));
      shown++;
    }
    if (!shown) {
      main.append(el('p', 'empty', filter === 'work'
        ? 'Nothing needs work in this article. Choose "All" to see every entry.'
        : 'No entry to show with this filter.'));
    }
    document.querySelectorAll('#articles button.article').forEach((b) => b.classList.toggle('current', Number(b.dataset.doc) === currentDoc));
    document.querySelectorAll('.filters button').forEach((b) => b.classList.toggle('on', b.dataset.filter === filter));
    updateProgress();
  }

  function goTo(item) {
    if (!item) return;
    if (item.docIndex !== currentDoc || !item.card) {
      currentDoc = item.docIndex;
      if (!visible(item)) filter = 'all';
      render();
    }
    item.card.scrollIntoView({ block: 'center' });
    item.areas[0].focus();
  }
  function nextNeedingWork(step) {
    const start = focused ? entries.indexOf(focused) : -1;
    for (let k = 1; k <= entries.length; k++) {
      const item = entries[(start + step * k + entries.length * 2) % entries.length];
      if (needsWork(item)) return item;
    }
    return null;
  }

  document.addEventListener('keydown', (event) => {
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      if (event.code === 'KeyN') { event.preventDefault(); goTo(nextNeedingWork(1)); }
      else if (event.code === 'KeyP') { event.preventDefault(); goTo(nextNeedingWork(-1)); }
      else if (event.code === 'KeyC' && focused) { event.preventDefault(); copyEnglish(focused); }
      else if (event.code === 'KeyM' && focused && focused.card) { event.preventDefault(); toggleRaw(focused.card, focused.card.querySelector('.toggle-raw')); }
    } else if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && focused) {
      event.preventDefault();
      if (stateOf(focused) !== 'untranslated') setReviewed(focused, true);
      goTo(nextNeedingWork(1));
    }
  });
  document.querySelectorAll('.filters button').forEach((b) => b.addEventListener('click', () => { filter = b.dataset.filter; render(); }));
  document.getElementById('save').addEventListener('click', saveFile);
  document.getElementById('open').addEventListener('change', (event) => { if (event.target.files[0]) openFile(event.target.files[0]); event.target.value = ''; });
  const help = document.getElementById('help');
  document.getElementById('help-button').addEventListener('click', () => { help.hidden = !help.hidden; });
  document.getElementById('help-close').addEventListener('click', () => { help.hidden = true; });
  const nameInput = document.getElementById('translator');
  nameInput.addEventListener('input', () => { translator = nameInput.value; persist(); });

  function measureBar() {
    document.documentElement.style.setProperty('--bar', document.querySelector('header.bar').offsetHeight + 'px');
  }
  window.addEventListener('resize', measureBar);
  measureBar();
  document.documentElement.dataset.lang = DATA.language.code;
  const restored = restore();
  nameInput.value = translator;
  buildNav();
  const firstWork = entries.find(needsWork);
  currentDoc = firstWork ? firstWork.docIndex : 0;
  render();
  if (restored) showStored('Your earlier work on this pack was restored (' + restored + ' entries changed).');
  else if (!storageOk) showStored('This browser does not keep your work: click "Save translations" often.', true);
  else showStored('Every change is kept in this browser as you type.');

  // For tests and for the curious: the page's checks over every entry as it stands now.
  window.mirageReview = {
    data: DATA,
    liveFindings: liveFindings,
    checkAll: () => entries.map((item) => ({ domain: item.doc.domain, msgid: item.entry.msgid, ctx: item.entry.ctx,
      findings: liveFindings(item.entry, item.forms) })),
    reviewFile: () => reviewFile(new Date()),
    storeKey: STORE_KEY,
  };
  document.documentElement.dataset.ready = 'true';
  if (window.performance && performance.mark) performance.mark('mirage-review-ready');
}());
