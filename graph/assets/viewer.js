/* geokg viewer: draws the corpus JSON with vis-network and explains every actor and claim.
 *
 * Safety rule for this file: every string that comes from the data reaches the page through
 * text nodes (el(), textContent, createTextNode) or as a DOM element handed to vis-network
 * (tooltips). Nothing here parses a string as HTML, and only http(s) URLs become links.
 */
(function () {
  'use strict';

  // ------------------------------------------------------------------ styles and vocabulary

  const KINDS = {
    Country: { label: 'Country', shape: 'hexagon', color: '#34506f' },
    Person: { label: 'Person', shape: 'dot', color: '#8a64b4' },
    Organization: { label: 'Organisation', shape: 'square', color: '#6f8a2a' },
    MediaOrganization: { label: 'Media outlet', shape: 'triangle', color: '#16918a' },
    AdministrativeArea: { label: 'Administrative area', shape: 'diamond', color: '#a8742e' },
    Group: { label: 'Group', shape: 'star', color: '#bd4f86' },
  };
  const OTHER_KIND = { label: 'Other', shape: 'dot', color: '#8b949e' };

  // Cooperation in blues, conflict in oranges and reds (safe for red-green colour blindness);
  // dashes mean words, solid lines deeds.
  const QUADS = {
    1: { label: 'Verbal cooperation', color: '#4f9fd6', dashes: [7, 5] },
    2: { label: 'Material cooperation', color: '#1d5aa6', dashes: false },
    3: { label: 'Verbal conflict', color: '#ee8a2f', dashes: [7, 5] },
    4: { label: 'Material conflict', color: '#c42d3b', dashes: false },
    s: { label: 'Structural (office, part of)', color: '#9aa3ad', dashes: false },
  };
  const QUAD_ORDER = ['1', '2', '3', '4', 's'];

  const SECTORS = {
    AGR: 'agriculture', BUS: 'business', CRM: 'criminal', CVL: 'civilians', COP: 'police',
    EDU: 'education', ELI: 'elites', ENV: 'environment', GOV: 'government',
    HLH: 'health', HRI: 'human rights', IGO: 'intergovernmental organisation',
    INS: 'insurgents', JUD: 'judiciary', LAB: 'labour', LEG: 'legislature', MED: 'media',
    MIL: 'military', MNC: 'multinational company', NGO: 'non-governmental organisation',
    OPP: 'opposition', PTY: 'political party', REB: 'rebels', REF: 'refugees',
    REL: 'religion', SEP: 'separatists', SPY: 'intelligence', UAF: 'armed forces',
  };
  const MODALITY_WORDS = { future: 'future', hypothetical: 'would' };
  const PANEL_LIST_LIMIT = 150;
  const BIG_GRAPH = 150; // actors: no improved layout, coarser physics
  const HUGE_GRAPH = 1000; // actors: fewer layout iterations
  const ARROW_MIN_SCALE = 0.3; // zoom below which arrowheads are not drawn

  // ------------------------------------------------------------------ small DOM helpers

  const $ = (id) => document.getElementById(id);

  /** An element with properties and children; string children become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'className') node.className = value;
        else if (key === 'onclick') node.addEventListener('click', value);
        else if (key === 'style') for (const [p, v] of Object.entries(value)) node.style.setProperty(p, v);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else if (child instanceof Node) node.appendChild(child);
      else node.appendChild(document.createTextNode(String(child)));
    }
  }

  /** A link for a URL only when it is http(s); anything else stays plain text. */
  function webLink(href, text) {
    let url = null;
    try {
      url = new URL(href);
    } catch (err) {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
    const a = el('a', { target: '_blank', rel: 'noopener noreferrer' }, text);
    a.href = url.href;
    return a;
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    return node;
  }

  /** Lower case without accents, for search. */
  function fold(text) {
    return String(text).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  // ------------------------------------------------------------------ the data

  const timings = { start: performance.now() };
  const data = JSON.parse($('geokg-data').textContent);
  timings.parsed = performance.now();

  const actors = data.actors;
  const claims = data.claims;
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const claimById = new Map(claims.map((c) => [c.id, c]));
  const kindOf = (actor) => KINDS[actor.type] || OTHER_KIND;
  const relationOf = (claim) => data.relations[claim.r] || { label: claim.r, quad: null };
  const actorLabel = (id) => (actorById.get(id) || { label: id }).label;
  const dates = [...new Set(claims.map((c) => c.date).filter(Boolean))].sort();

  for (const actor of actors) {
    actor.names = [actor.label, ...actor.aliases].map((name) => ({ name, folded: fold(name) }));
    actor.involved = [];
    actor.says = [];
  }
  for (const claim of claims) {
    const rel = relationOf(claim);
    claim.quadKey = rel.quad ? String(rel.quad) : 's';
    claim.muted = claim.pol === 'negated' || claim.mod !== 'actual';
    claim.docs = new Set(claim.ev.map((e) => e.doc)).size;
    claim.visible = null;
    for (const id of new Set([claim.s, claim.o])) {
      if (actorById.has(id)) actorById.get(id).involved.push(claim);
    }
    if (claim.att && actorById.has(claim.att)) actorById.get(claim.att).says.push(claim);
  }
  const byDateThenLabel = (a, b) =>
    (a.date || '9999').localeCompare(b.date || '9999') ||
    relationOf(a).label.localeCompare(relationOf(b).label) ||
    a.id.localeCompare(b.id);
  for (const actor of actors) {
    actor.involved.sort(byDateThenLabel);
    actor.says.sort(byDateThenLabel);
  }

  // ------------------------------------------------------------------ state and filters

  const defaults = () => ({
    showHidden: false,
    quads: new Set(QUAD_ORDER),
    relations: new Set(Object.keys(data.relations)),
    country: '',
    from: 0,
    to: Math.max(dates.length - 1, 0),
    undated: true,
    focus: null,
  });
  let state = defaults();
  let selected = null; // {kind: 'actor' | 'claim', id}

  function countryOk(claim) {
    if (!state.country) return true;
    const s = actorById.get(claim.s);
    const o = actorById.get(claim.o);
    return (s && s.country === state.country) || (o && o.country === state.country);
  }

  function claimVisible(claim) {
    if (claim.muted && !state.showHidden) return false;
    if (!state.quads.has(claim.quadKey)) return false;
    if (!state.relations.has(claim.r)) return false;
    if (!countryOk(claim)) return false;
    if (claim.date) {
      if (dates.length && (claim.date < dates[state.from] || claim.date > dates[state.to])) {
        return false;
      }
    } else if (!state.undated) {
      return false;
    }
    if (state.focus && claim.s !== state.focus && claim.o !== state.focus) return false;
    return true;
  }

  function actorVisible(actor, touched) {
    if (touched.has(actor.id) || actor.id === state.focus) return true;
    // Actors named only as sources of claims have no edges: keep them unless filters narrow.
    return actor.involved.length === 0 && !state.focus &&
      (!state.country || actor.country === state.country);
  }

  let nodeSet = null;
  let edgeSet = null;
  let network = null;
  const counts = { actors: 0, claims: 0 };

  function computeVisibility() {
    const touched = new Set();
    const edgeChanges = [];
    let shownClaims = 0;
    for (const claim of claims) {
      const visible = claimVisible(claim);
      if (visible) {
        shownClaims += 1;
        touched.add(claim.s);
        touched.add(claim.o);
      }
      if (visible !== claim.visible) {
        claim.visible = visible;
        edgeChanges.push({ id: claim.id, hidden: !visible });
      }
    }
    const nodeChanges = [];
    let shownActors = 0;
    for (const actor of actors) {
      const visible = actorVisible(actor, touched);
      if (visible) shownActors += 1;
      if (visible !== actor.visible) {
        actor.visible = visible;
        nodeChanges.push({ id: actor.id, hidden: !visible });
      }
    }
    counts.actors = shownActors;
    counts.claims = shownClaims;
    return { nodeChanges, edgeChanges };
  }

  function applyFilters(options) {
    const { nodeChanges, edgeChanges } = computeVisibility();
    if (nodeChanges.length) nodeSet.update(nodeChanges);
    if (edgeChanges.length) edgeSet.update(edgeChanges);
    renderCounts();
    renderFocusControls();
    if (options && options.fit) fitVisible();
    if (selected) refreshSelection();
  }

  /** Fit the view to the visible actors that have visible claims (actors with no edges
   *  drift to the rim and would shrink the picture), or to all visible actors. */
  function fitVisible() {
    const linked = new Set();
    for (const claim of claims) {
      if (claim.visible) {
        linked.add(claim.s);
        linked.add(claim.o);
      }
    }
    let ids = actors.filter((a) => a.visible && linked.has(a.id)).map((a) => a.id);
    if (!ids.length) ids = actors.filter((a) => a.visible).map((a) => a.id);
    if (ids.length) network.fit({ nodes: ids, animation: false });
    if (api.ready) updateArrows();
  }

  // ------------------------------------------------------------------ the network items

  function nodeItem(actor) {
    const kind = kindOf(actor);
    const darker = shade(kind.color, -0.28);
    return {
      id: actor.id,
      label: actor.label,
      shape: kind.shape,
      size: actor.size,
      color: {
        background: kind.color,
        border: darker,
        highlight: { background: shade(kind.color, 0.18), border: '#111820' },
        hover: { background: shade(kind.color, 0.12), border: '#111820' },
      },
      font: { size: Math.round(12 + (actor.size - 10) / 4) },
      title: nodeTip(actor),
      hidden: !actor.visible,
    };
  }

  function nodeTip(actor) {
    const kind = kindOf(actor);
    const country = actor.country ? countryName(actor.country) : null;
    return el('div', { className: 'tip' },
      el('strong', null, actor.label),
      el('div', null, [kind.label, country].filter(Boolean).join(' · ')),
      el('div', { className: 'tip-dim' }, plural(actor.claims, 'claim') + ' · ' +
        plural(actor.degree, 'counterpart')));
  }

  /** Parallel claims between the same two actors fan out as arcs so each can be clicked. */
  function assignCurves() {
    const groups = new Map();
    for (const claim of claims) {
      const key = claim.s < claim.o ? claim.s + '\u0000' + claim.o : claim.o + '\u0000' + claim.s;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(claim);
    }
    for (const group of groups.values()) {
      const step = Math.min(0.22, 1.1 / group.length);
      group.forEach((claim, i) => {
        let offset = (i - (group.length - 1) / 2) * step;
        if (claim.s > claim.o) offset = -offset;
        claim.smooth = Math.abs(offset) < 1e-9
          ? { enabled: false }
          : { enabled: true, type: offset > 0 ? 'curvedCW' : 'curvedCCW', roundness: Math.abs(offset) };
      });
    }
  }

  function edgeItem(claim) {
    const quad = QUADS[claim.quadKey];
    const marks = [];
    if (claim.pol === 'negated') marks.push('not');
    if (MODALITY_WORDS[claim.mod]) marks.push(MODALITY_WORDS[claim.mod]);
    const item = {
      id: claim.id,
      from: claim.s,
      to: claim.o,
      color: { color: quad.color, highlight: quad.color, hover: quad.color, opacity: claim.muted ? 0.4 : 0.85 },
      dashes: quad.dashes,
      width: Math.min(1.4 + 1.8 * Math.log2(Math.max(claim.docs, 1)), 8),
      smooth: claim.smooth,
      title: edgeTip(claim),
      hidden: !claim.visible,
    };
    if (marks.length) item.label = marks.join(' · ');
    if (claim.muted) {
      // The arrowhead itself comes from the network-wide option, switched by zoom level.
      item.arrows = { middle: { enabled: true, type: claim.pol === 'negated' ? 'bar' : 'circle', scaleFactor: 0.6 } };
    }
    return item;
  }

  function edgeTip(claim) {
    const rel = relationOf(claim);
    return el('div', { className: 'tip' },
      el('strong', null, actorLabel(claim.s)), ' ', rel.label, ' ', el('strong', null, actorLabel(claim.o)),
      el('div', { className: 'tip-dim' },
        [claim.date || 'undated', claimQualifier(claim), plural(claim.docs, 'source')]
          .filter(Boolean).join(' · ')));
  }

  function claimQualifier(claim) {
    const words = [];
    if (claim.pol === 'negated') words.push('negated');
    if (claim.mod !== 'actual') words.push(claim.mod);
    return words.join(', ');
  }

  function shade(hex, amount) {
    const n = parseInt(hex.slice(1), 16);
    const channel = (c) => {
      const v = amount < 0 ? c * (1 + amount) : c + (255 - c) * amount;
      return Math.max(0, Math.min(255, Math.round(v)));
    };
    const r = channel(n >> 16);
    const g = channel((n >> 8) & 255);
    const b = channel(n & 255);
    return '#' + ((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1);
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  function countryName(code) {
    const entry = data.countries[code];
    return entry && entry.label !== code ? entry.label + ' (' + code + ')' : code;
  }

  // ------------------------------------------------------------------ building the network

  function buildNetwork() {
    assignCurves();
    computeVisibility();
    nodeSet = new vis.DataSet(actors.map(nodeItem));
    edgeSet = new vis.DataSet(claims.map(edgeItem));
    const big = actors.length > BIG_GRAPH;
    const huge = actors.length > HUGE_GRAPH;
    const options = {
      autoResize: true,
      layout: { improvedLayout: !big, randomSeed: 11 },
      nodes: {
        borderWidth: 1.5,
        borderWidthSelected: 3,
        font: {
          face: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
          color: '#1c2530',
          strokeWidth: 3,
          strokeColor: 'rgba(255,255,255,0.92)',
        },
      },
      edges: {
        arrows: { to: { enabled: true, type: 'arrow', scaleFactor: 0.55 } },
        selectionWidth: 2.5,
        hoverWidth: 1,
        font: { size: 10, color: '#56606b', strokeWidth: 3, strokeColor: '#ffffff', align: 'middle' },
      },
      physics: {
        enabled: true,
        solver: 'barnesHut',
        barnesHut: {
          // Past a few hundred actors, a coarser Barnes-Hut approximation and no overlap
          // avoidance halve the time per iteration with no visible loss.
          theta: big ? 0.85 : 0.5,
          gravitationalConstant: big ? -9000 : -4500,
          centralGravity: 0.3,
          springLength: big ? 110 : 120,
          springConstant: 0.035,
          damping: 0.35,
          avoidOverlap: big ? 0 : 0.2,
        },
        maxVelocity: 60,
        minVelocity: 1,
        timestep: 0.5,
        // Bounded: the layout settles in at most this many iterations, then physics stops.
        stabilization: {
          enabled: true,
          iterations: huge ? 150 : big ? 220 : 400,
          updateInterval: 20,
          fit: false,
        },
      },
      interaction: {
        hover: true,
        tooltipDelay: 180,
        hideEdgesOnDrag: big,
        hideEdgesOnZoom: big,
        multiselect: false,
        navigationButtons: false,
        keyboard: false,
      },
    };
    network = new vis.Network($('graph'), { nodes: nodeSet, edges: edgeSet }, options);
    timings.created = performance.now();

    network.once('afterDrawing', () => {
      timings.firstDraw = performance.now();
    });
    network.on('stabilizationProgress', (p) => {
      $('status-text').textContent = 'Laying out ' + actors.length + ' actors…';
      $('status-progress').value = p.total ? p.iterations / p.total : 0;
    });
    network.once('stabilizationIterationsDone', settled);
    network.once('stabilized', settled);
    network.on('click', (params) => {
      if (params.nodes.length) selectActor(params.nodes[0], { center: false });
      else if (params.edges.length) selectClaim(params.edges[0], { center: false });
    });
    network.on('zoom', updateArrows);
    network.on('doubleClick', (params) => {
      if (params.nodes.length) setFocus(params.nodes[0]);
    });
    if (!actors.length) settled();
  }

  /** Arrowheads are most of the drawing time of a large graph and too small to see when
   *  zoomed far out: draw them only from a readable scale on. */
  let arrowsShown = true;
  function updateArrows() {
    const wanted = network.getScale() >= ARROW_MIN_SCALE;
    if (wanted !== arrowsShown) {
      arrowsShown = wanted;
      network.setOptions({ edges: { arrows: { to: { enabled: wanted } } } });
    }
  }

  function settled() {
    if (api.ready) return;
    network.setOptions({ physics: { enabled: false } });
    fitVisible();
    updateArrows();
    timings.stabilized = performance.now();
    api.ready = true;
    $('status').hidden = true;
    document.body.dataset.state = 'ready';
  }

  // ------------------------------------------------------------------ controls

  function renderCounts() {
    $('counts').textContent =
      counts.actors + ' of ' + plural(actors.length, 'actor') + ' · ' +
      counts.claims + ' of ' + plural(claims.length, 'claim') + ' shown';
  }

  function lineSwatch(style, marker) {
    const svg = svgEl('svg', { width: 34, height: 12, viewBox: '0 0 34 12', 'aria-hidden': 'true', class: 'swatch' });
    const line = svgEl('line', { x1: 2, y1: 6, x2: 28, y2: 6, stroke: style.color, 'stroke-width': 2.5 });
    if (style.dashes) line.setAttribute('stroke-dasharray', style.dashes.join(' '));
    if (style.faded) line.setAttribute('opacity', '0.45');
    svg.appendChild(line);
    svg.appendChild(svgEl('path', { d: 'M27 2 L33 6 L27 10 Z', fill: style.color, opacity: style.faded ? 0.45 : 1 }));
    if (marker === 'bar') svg.appendChild(svgEl('line', { x1: 15, y1: 1, x2: 15, y2: 11, stroke: style.color, 'stroke-width': 2.5 }));
    if (marker === 'circle') svg.appendChild(svgEl('circle', { cx: 15, cy: 6, r: 3.2, fill: style.color }));
    return svg;
  }

  function kindSwatch(kind) {
    const svg = svgEl('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true', class: 'swatch' });
    const common = { fill: kind.color, stroke: shade(kind.color, -0.28), 'stroke-width': 1.2 };
    const shapes = {
      dot: () => svgEl('circle', { cx: 8, cy: 8, r: 6, ...common }),
      square: () => svgEl('rect', { x: 2.5, y: 2.5, width: 11, height: 11, ...common }),
      triangle: () => svgEl('path', { d: 'M8 2 L14.5 13.5 L1.5 13.5 Z', ...common }),
      diamond: () => svgEl('path', { d: 'M8 1.5 L14.5 8 L8 14.5 L1.5 8 Z', ...common }),
      hexagon: () => svgEl('path', { d: 'M4.5 2 L11.5 2 L15 8 L11.5 14 L4.5 14 L1 8 Z', ...common }),
      star: () => svgEl('path', { d: 'M8 1 L9.9 6 L15 6.2 L11 9.4 L12.4 14.5 L8 11.6 L3.6 14.5 L5 9.4 L1 6.2 L6.1 6 Z', ...common }),
    };
    svg.appendChild((shapes[kind.shape] || shapes.dot)());
    return svg;
  }

  function buildControls() {
    $('title').textContent = data.title;

    const quadCounts = {};
    for (const claim of claims) quadCounts[claim.quadKey] = (quadCounts[claim.quadKey] || 0) + 1;
    const quadList = $('quad-list');
    for (const key of QUAD_ORDER) {
      const box = el('input', { type: 'checkbox', 'data-quad': key });
      box.checked = true;
      box.addEventListener('change', () => {
        if (box.checked) state.quads.add(key);
        else state.quads.delete(key);
        applyFilters();
      });
      quadList.appendChild(el('label', { className: 'check' }, box, lineSwatch(QUADS[key]),
        QUADS[key].label, el('span', { className: 'count' }, String(quadCounts[key] || 0))));
    }

    const relCounts = {};
    for (const claim of claims) relCounts[claim.r] = (relCounts[claim.r] || 0) + 1;
    const relKeys = Object.keys(data.relations).sort((a, b) => {
      const qa = data.relations[a].quad || 9;
      const qb = data.relations[b].quad || 9;
      return qa - qb || data.relations[a].label.localeCompare(data.relations[b].label);
    });
    const relList = $('relation-list');
    for (const key of relKeys) {
      const rel = data.relations[key];
      const box = el('input', { type: 'checkbox', 'data-relation': key });
      box.checked = true;
      box.addEventListener('change', () => {
        if (box.checked) state.relations.add(key);
        else state.relations.delete(key);
        applyFilters();
      });
      const quad = QUADS[rel.quad ? String(rel.quad) : 's'];
      relList.appendChild(el('label', { className: 'check', title: rel.cameo ? 'CAMEO ' + rel.cameo : 'structural' },
        box, el('span', { className: 'dot', style: { background: quad.color } }), rel.label,
        el('span', { className: 'count' }, String(relCounts[key] || 0))));
    }
    const setAllRelations = (on) => {
      state.relations = new Set(on ? relKeys : []);
      for (const box of relList.querySelectorAll('input')) box.checked = on;
      applyFilters();
    };
    $('relations-all').addEventListener('click', () => setAllRelations(true));
    $('relations-none').addEventListener('click', () => setAllRelations(false));

    const select = $('country');
    const codes = Object.keys(data.countries).sort((a, b) =>
      data.countries[a].label.localeCompare(data.countries[b].label));
    for (const code of codes) {
      const option = el('option', null, countryName(code));
      option.value = code;
      select.appendChild(option);
    }
    select.addEventListener('change', () => {
      state.country = select.value;
      applyFilters({ fit: true });
    });

    const from = $('date-from');
    const to = $('date-to');
    for (const input of [from, to]) {
      input.max = String(Math.max(dates.length - 1, 0));
      input.disabled = dates.length < 2;
    }
    const syncDates = (moved) => {
      let a = Number(from.value);
      let b = Number(to.value);
      if (a > b) {
        if (moved === from) b = a;
        else a = b;
      }
      from.value = String(a);
      to.value = String(b);
      state.from = a;
      state.to = b;
      renderDates();
    };
    from.addEventListener('input', () => { syncDates(from); applyFilters(); });
    to.addEventListener('input', () => { syncDates(to); applyFilters(); });
    $('undated').addEventListener('change', (e) => {
      state.undated = e.target.checked;
      applyFilters();
    });
    $('show-hidden').addEventListener('change', (e) => {
      state.showHidden = e.target.checked;
      applyFilters();
    });
    $('focus').addEventListener('click', () => {
      if (state.focus) setFocus(null);
      else if (selected && selected.kind === 'actor') setFocus(selected.id);
    });
    $('fit').addEventListener('click', fitVisible);
    $('reset').addEventListener('click', reset);
    $('panel-close').addEventListener('click', closePanel);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !$('panel').hidden && !e.target.closest('.search-block')) {
        closePanel();
      }
    });
    buildSearch();
    buildLegend();
    renderDates();
  }

  function renderDates() {
    $('date-from').value = String(state.from);
    $('date-to').value = String(state.to);
    $('date-from-out').textContent = dates.length ? dates[state.from] : 'no dated claims';
    $('date-to-out').textContent = dates.length ? dates[state.to] : '';
  }

  function buildLegend() {
    const legend = $('legend');
    const kinds = el('ul', { className: 'legend-list' });
    const present = new Set(actors.map((a) => a.type));
    for (const [type, kind] of Object.entries(KINDS)) {
      kinds.appendChild(el('li', { className: present.has(type) ? '' : 'absent' }, kindSwatch(kind), kind.label));
    }
    if ([...present].some((t) => !KINDS[t])) kinds.appendChild(el('li', null, kindSwatch(OTHER_KIND), OTHER_KIND.label));
    const lines = el('ul', { className: 'legend-list' });
    for (const key of QUAD_ORDER) lines.appendChild(el('li', null, lineSwatch(QUADS[key]), QUADS[key].label));
    const grey = { color: '#6d7781', dashes: false, faded: true };
    lines.appendChild(el('li', null, lineSwatch(grey, 'bar'), 'Negated (“not”)'));
    lines.appendChild(el('li', null, lineSwatch(grey, 'circle'), 'Future or hypothetical'));
    legend.append(
      el('div', { className: 'legend-row' }, el('h3', null, 'Actors'), kinds),
      el('div', { className: 'legend-row' }, el('h3', null, 'Claims'), lines),
      el('p', { className: 'hint' },
        'Bigger actors have more counterparts. Dashed: words, solid: deeds; thicker: more ' +
        'source articles; the arrow points at the actor acted on.'));
  }

  // ------------------------------------------------------------------ search

  function searchActors(query) {
    const q = fold(query.trim());
    if (!q) return [];
    const found = [];
    for (const actor of actors) {
      let best = null;
      for (const name of actor.names) {
        const at = name.folded.indexOf(q);
        if (at < 0) continue;
        let score = 3;
        if (name.folded === q) score = 0;
        else if (at === 0) score = 1;
        else if (/[\s\-'’.(]/.test(name.folded[at - 1])) score = 2;
        if (!best || score < best.score) best = { score, name: name.name };
      }
      if (best) found.push({ actor, score: best.score, name: best.name });
    }
    found.sort((a, b) => a.score - b.score || b.actor.claims - a.actor.claims ||
      a.actor.label.localeCompare(b.actor.label));
    return found.slice(0, 15);
  }

  function buildSearch() {
    const input = $('search');
    const list = $('search-results');
    const render = () => {
      const found = searchActors(input.value);
      list.replaceChildren();
      if (input.value.trim() && !found.length) {
        list.appendChild(el('li', { className: 'empty' }, 'No actor has that name.'));
        return;
      }
      for (const hit of found) {
        const kind = kindOf(hit.actor);
        const button = el('button', { type: 'button', className: 'result', 'data-actor': hit.actor.id },
          kindSwatch(kind), el('span', { className: 'result-name' }, hit.actor.label),
          hit.name !== hit.actor.label ? el('span', { className: 'result-alias' }, 'also “' + hit.name + '”') : null,
          hit.actor.visible ? null : el('span', { className: 'result-alias' }, 'hidden by filters'));
        button.addEventListener('click', () => selectActor(hit.actor.id, { center: true, panelFocus: true }));
        list.appendChild(el('li', null, button));
      }
    };
    input.addEventListener('input', render);
    input.addEventListener('keydown', (e) => {
      const first = list.querySelector('button');
      if (e.key === 'Enter' && first) {
        e.preventDefault();
        first.click();
      } else if (e.key === 'ArrowDown' && first) {
        e.preventDefault();
        first.focus();
      } else if (e.key === 'Escape') {
        input.value = '';
        render();
      }
    });
    list.addEventListener('keydown', (e) => {
      const buttons = [...list.querySelectorAll('button')];
      const at = buttons.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && at >= 0) {
        e.preventDefault();
        (buttons[at + 1] || buttons[at]).focus();
      } else if (e.key === 'ArrowUp' && at >= 0) {
        e.preventDefault();
        if (at === 0) input.focus();
        else buttons[at - 1].focus();
      } else if (e.key === 'Escape') {
        input.focus();
      }
    });
    api.search = (text) => {
      input.value = text;
      render();
      return searchActors(text).map((hit) => hit.actor.id);
    };
  }

  // ------------------------------------------------------------------ selection and focus

  function selectActor(id, options) {
    const actor = actorById.get(id);
    if (!actor) return false;
    selected = { kind: 'actor', id };
    if (actor.visible) {
      network.selectNodes([id]);
      if (options && options.center) {
        network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300, easingFunction: 'easeInOutQuad' } });
      }
    } else {
      network.unselectAll();
    }
    showActor(actor, options);
    renderFocusControls();
    return true;
  }

  function selectClaim(id, options) {
    const claim = claimById.get(id);
    if (!claim) return false;
    selected = { kind: 'claim', id };
    if (claim.visible) network.selectEdges([id]);
    else network.unselectAll();
    showClaim(claim, options);
    renderFocusControls();
    return true;
  }

  function refreshSelection() {
    // The panel says whether the selection is hidden by filters; redraw it when they change.
    if (selected.kind === 'actor') selectActor(selected.id, { keepFocus: true });
    else selectClaim(selected.id, { keepFocus: true });
  }

  function setFocus(id) {
    state.focus = id && actorById.has(id) ? id : null;
    if (state.focus) selected = { kind: 'actor', id: state.focus };
    applyFilters({ fit: true });
  }

  function renderFocusControls() {
    const button = $('focus');
    const note = $('focus-note');
    button.setAttribute('aria-pressed', state.focus ? 'true' : 'false');
    button.disabled = !state.focus && !(selected && selected.kind === 'actor');
    button.textContent = state.focus ? 'Leave focus' : 'Focus on selection';
    note.hidden = !state.focus;
    note.textContent = state.focus ? 'Showing ' + actorLabel(state.focus) + ' and its neighbours only.' : '';
  }

  function reset() {
    state = defaults();
    selected = null;
    $('show-hidden').checked = false;
    $('undated').checked = true;
    $('country').value = '';
    $('search').value = '';
    $('search-results').replaceChildren();
    for (const box of document.querySelectorAll('#quad-list input, #relation-list input')) box.checked = true;
    renderDates();
    closePanel();
    network.unselectAll();
    applyFilters({ fit: true });
  }

  // ------------------------------------------------------------------ the side panel

  let returnFocus = null;

  function openPanel(title, body, options) {
    const panel = $('panel');
    if (panel.hidden) returnFocus = document.activeElement;
    $('panel-title').textContent = title;
    $('panel-body').replaceChildren(...body);
    $('panel-body').scrollTop = 0;
    panel.hidden = false;
    if (options && options.panelFocus) $('panel-title').focus({ preventScroll: true });
  }

  function closePanel() {
    $('panel').hidden = true;
    selected = null;
    if (network) network.unselectAll();
    renderFocusControls();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus({ preventScroll: true });
    returnFocus = null;
  }

  function actorButton(id, text) {
    if (!actorById.has(id)) return el('span', null, text || id);
    return el('button', { type: 'button', className: 'link', 'data-actor': id,
      onclick: () => selectActor(id, { center: true, panelFocus: true }) }, text || actorLabel(id));
  }

  function definitions(rows) {
    const dl = el('dl', { className: 'facts' });
    for (const [term, value] of rows) {
      if (value === null || value === undefined || value === '') continue;
      dl.append(el('dt', null, term), el('dd', null, value));
    }
    return dl;
  }

  function badge(text, kind) {
    return el('span', { className: 'badge ' + (kind || '') }, text);
  }

  function claimRow(claim) {
    const quad = QUADS[claim.quadKey];
    const button = el('button', { type: 'button', className: 'claim-row' + (claim.visible ? '' : ' is-hidden'),
      'data-claim': claim.id, onclick: () => selectClaim(claim.id, { center: true, panelFocus: true }) },
      el('span', { className: 'dot', style: { background: quad.color } }),
      el('span', { className: 'claim-text' },
        el('b', null, actorLabel(claim.s)), ' ', relationOf(claim).label, ' ', el('b', null, actorLabel(claim.o))),
      el('span', { className: 'claim-meta' },
        claim.date || 'undated',
        claim.pol === 'negated' ? badge('negated', 'warn') : null,
        claim.mod !== 'actual' ? badge(claim.mod, 'warn') : null,
        claim.visible ? null : badge('hidden', 'muted')));
    return el('li', null, button);
  }

  function claimList(list, emptyText) {
    if (!list.length) return el('p', { className: 'hint' }, emptyText);
    const ul = el('ul', { className: 'claim-list' });
    const fill = (limit) => {
      ul.replaceChildren(...list.slice(0, limit).map(claimRow));
      if (list.length > limit) {
        const more = el('button', { type: 'button', className: 'more' }, 'Show all ' + list.length + ' claims');
        more.addEventListener('click', () => fill(list.length));
        ul.appendChild(el('li', null, more));
      }
    };
    fill(PANEL_LIST_LIMIT);
    return ul;
  }

  function showActor(actor, options) {
    const kind = kindOf(actor);
    const offices = actor.involved.filter((c) => c.s === actor.id && c.role);
    const hiddenCount = actor.involved.filter((c) => !c.visible).length;
    const country = actor.country
      ? (data.countries[actor.country] && data.countries[actor.country].actor &&
         data.countries[actor.country].actor !== actor.id
        ? actorButton(data.countries[actor.country].actor, countryName(actor.country))
        : countryName(actor.country))
      : null;
    const wikidata = actor.wikidata
      ? webLink('https://www.wikidata.org/wiki/' + actor.wikidata, actor.wikidata) : null;
    const focusButton = el('button', { type: 'button', className: 'primary' },
      state.focus === actor.id ? 'Leave focus' : 'Focus on ' + actor.label);
    focusButton.addEventListener('click', () => setFocus(state.focus === actor.id ? null : actor.id));
    const body = [
      el('p', { className: 'badges' }, el('span', { className: 'kind' }, kindSwatch(kind), kind.label),
        actor.visible ? null : badge('hidden by filters', 'muted')),
      el('section', { className: 'names' }, el('h3', null, 'Names'),
        el('ul', { className: 'name-list' }, el('li', { className: 'primary-name' }, actor.label),
          actor.aliases.map((alias) => el('li', null, alias)))),
      definitions([
        ['Country', country],
        ['Sector', actor.sector ? actor.sector + (SECTORS[actor.sector] ? ' (' + SECTORS[actor.sector] + ')' : '') : null],
        ['Wikidata', wikidata],
        ['Claims', plural(actor.claims, 'claim') + ' with ' + plural(actor.degree, 'counterpart')],
      ]),
      el('div', { className: 'buttons' }, focusButton),
    ];
    if (offices.length) {
      body.push(el('section', null, el('h3', null, 'Offices'),
        el('ul', { className: 'office-list' }, offices.map((c) => {
          const rel = relationOf(c).label;
          const same = fold(rel).startsWith(fold(c.role));
          return el('li', null, el('span', { className: 'role' }, c.role), ' · ', actorButton(c.o),
            el('span', { className: 'hint' }, [same ? '' : ' (' + rel + ')', c.date ? ' · ' + c.date : ''].join('')));
        }))));
    }
    body.push(el('section', null, el('h3', null, 'Claims (' + actor.involved.length + ')'),
      hiddenCount ? el('p', { className: 'hint' }, hiddenCount + ' hidden by the current filters (marked).') : null,
      claimList(actor.involved, 'No claims name this actor as subject or object.')));
    if (actor.says.length) {
      body.push(el('section', null, el('h3', null, 'Claims attributed to ' + actor.label + ' (' + actor.says.length + ')'),
        claimList(actor.says, '')));
    }
    openPanel(actor.label, body, options);
  }

  function markedSentence(ev) {
    const text = ev.text;
    const marks = [];
    if (ev.ss) marks.push({ start: ev.ss[0], end: ev.ss[1], cls: 'mark-subject', role: 'subject' });
    if (ev.os) marks.push({ start: ev.os[0], end: ev.os[1], cls: 'mark-object', role: 'object' });
    marks.sort((a, b) => a.start - b.start || b.end - a.end);
    const quote = el('blockquote', { className: 'sentence' });
    let at = 0;
    for (const mark of marks) {
      if (mark.start < at || mark.end > text.length) continue; // overlapping or out of range
      quote.append(text.slice(at, mark.start));
      quote.appendChild(el('mark', { className: mark.cls, title: mark.role }, text.slice(mark.start, mark.end)));
      at = mark.end;
    }
    quote.append(text.slice(at));
    return quote;
  }

  function evidenceItem(ev) {
    const doc = data.documents[ev.doc] || {};
    const title = doc.title || ev.doc;
    const link = doc.link ? webLink(doc.link, title) : null;
    const byline = [doc.publisher, doc.author, doc.date].filter(Boolean).join(' · ');
    return el('li', { className: 'evidence' },
      markedSentence(ev),
      el('p', { className: 'source' }, link || el('span', { className: 'doc-title' }, title)),
      byline ? el('p', { className: 'byline' }, byline) : null,
      el('p', { className: 'hint' }, 'Sentence ' + (ev.n + 1) + ' of document ' + ev.doc),
      doc.url && !link ? el('p', { className: 'hint' }, 'Address (not a web link): ', el('code', null, doc.url)) : null);
  }

  function showClaim(claim, options) {
    const rel = relationOf(claim);
    const quad = QUADS[claim.quadKey];
    const others = [...new Set([...actorById.get(claim.s).involved, ...(actorById.get(claim.o) || { involved: [] }).involved])]
      .filter((c) => c !== claim && ((c.s === claim.s && c.o === claim.o) || (c.s === claim.o && c.o === claim.s)));
    const body = [
      el('p', { className: 'badges' },
        el('span', { className: 'kind' }, lineSwatch(quad), quad.label),
        claim.pol === 'negated' ? badge('negated', 'warn') : null,
        claim.mod !== 'actual' ? badge(claim.mod, 'warn') : null,
        claim.visible ? null : badge('hidden by filters', 'muted')),
      el('p', { className: 'claim-actors' }, actorButton(claim.s), el('span', { className: 'rel' }, ' ' + rel.label + ' '), actorButton(claim.o)),
      definitions([
        ['Relation', rel.label === claim.r ? rel.label : rel.label + ' (' + claim.r + ')'],
        ['CAMEO', rel.cameo],
        ['PLOVER', rel.plover],
        ['Quad class', rel.quad ? rel.quad + ' · ' + quad.label.toLowerCase() : 'structural'],
        ['Goldstein', typeof rel.goldstein === 'number' ? rel.goldstein.toFixed(1) : null],
        ['Polarity', claim.pol],
        ['Modality', claim.mod],
        ['Attributed to', claim.att ? actorButton(claim.att) : 'the article itself'],
        ['Event date', claim.date || 'unknown'],
        ['Confidence', claim.conf.toFixed(2)],
        ['Role', claim.role],
        ['Sources', plural(claim.docs, 'article') + ', ' + plural(claim.ev.length, 'sentence')],
      ]),
      el('section', null, el('h3', null, 'Evidence'),
        el('ol', { className: 'evidence-list' }, claim.ev.map(evidenceItem))),
    ];
    if (others.length) {
      body.push(el('section', null, el('h3', null, 'Other claims between these actors'), claimList(others, '')));
    }
    openPanel(actorLabel(claim.s) + ' ' + rel.label + ' ' + actorLabel(claim.o), body, options);
  }

  // ------------------------------------------------------------------ start

  const api = {
    data,
    state: () => state,
    ready: false,
    timings,
    selectNode: (id) => selectActor(id, { center: true, panelFocus: true }),
    selectEdge: (id) => selectClaim(id, { center: true, panelFocus: true }),
    focus: setFocus,
    reset: () => reset(),
    applyFilters: () => applyFilters(),
    visibleClaims: () => claims.filter((c) => c.visible).map((c) => c.id),
    visibleActors: () => actors.filter((a) => a.visible).map((a) => a.id),
  };
  window.geokg = api;

  if (typeof vis === 'undefined' || !vis.Network) {
    $('status-text').textContent = 'The graph library did not load.';
    return;
  }
  buildControls();
  buildNetwork();
  api.network = network;
  api.nodes = nodeSet;
  api.edges = edgeSet;
  renderCounts();
  renderFocusControls();
})();
