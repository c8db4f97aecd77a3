/* dsgrade trace viewer: draws one trace as a space-time diagram (one lane per process, time
   flowing down, one row per event). Plain browser JavaScript, no dependencies, no network.
   Trace text is student-controlled: it reaches the page only through textContent. Only the
   rows in and near the visible window are drawn, so long traces stay responsive. */
(function () {
  'use strict';

  if (window.dsgradeTraceViewer) {
    return;
  }

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var AXIS_WIDTH = 104;
  var LANE_WIDTH = 112;
  var HEADER_HEIGHT = 40;
  var BASE_ROW = 22;
  var MIN_ROW = 2;
  var MAX_ROW = 64;
  var OVERSCAN_PX = 240;
  var LABEL_MAX = 22;
  var MESSAGE_KINDS = { send: true, deliver: true, drop: true, duplicate: true, corrupt: true };

  /** @param {string} name @param {Object<string, string|number>=} attrs */
  function svg(name, attrs) {
    var element = document.createElementNS(SVG_NS, name);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        element.setAttribute(key, String(attrs[key]));
      });
    }
    return element;
  }

  /** @param {string} tag @param {string=} className @param {string=} text */
  function html(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  /** @param {number} time */
  function formatTime(time) {
    return Number.isInteger(time) ? String(time) : String(Number(time.toFixed(6)));
  }

  /** @param {string} text */
  function shorten(text) {
    return text.length > LABEL_MAX ? text.slice(0, LABEL_MAX - 1) + '\u2026' : text;
  }

  /** @param {unknown} value */
  function prettyJson(value) {
    var text = JSON.stringify(value, null, 2);
    return text === undefined ? 'undefined' : text;
  }

  /** @param {Element} root @param {string} selector */
  function find(root, selector) {
    var element = root.querySelector(selector);
    if (!element) {
      throw new Error('dsgradeTraceViewer: the viewer markup lacks ' + selector);
    }
    return element;
  }

  /** @param {HTMLElement} root @param {any} model */
  function Viewer(root, model) {
    this.root = root;
    this.model = model;
    this.events = model.events;
    this.lanes = model.lanes;
    this.rowHeight = BASE_ROW;
    this.procVisible = model.lanes.map(function () { return true; });
    /** @type {Object<string, boolean>} */
    this.typeVisible = {};
    model.types.forEach(function (/** @type {string} */ type) { this.typeVisible[type] = true; }, this);
    this.rows = new Int32Array(0);
    this.rowOf = new Int32Array(this.events.length);
    this.laneX = new Float64Array(this.lanes.length);
    /** @type {number[]} */
    this.visibleLanes = [];
    /** @type {number[]} */
    this.visibleArrows = [];
    this.arrowsByEnd = this.indexArrowsByEvent();
    this.stateIndex = this.indexStates();
    this.currentEvent = -1;
    this.pinnedArrow = -1;
    this.frameRequested = false;
    this.scroll = /** @type {HTMLElement} */ (find(root, '.tv-scroll'));
    this.headerWrap = /** @type {HTMLElement} */ (find(root, '.tv-header-wrap'));
    this.header = /** @type {SVGSVGElement} */ (find(root, '.tv-header'));
    this.body = /** @type {SVGSVGElement} */ (find(root, '.tv-body'));
    this.tooltip = /** @type {HTMLElement} */ (find(root, '.tv-tooltip'));
    this.status = find(root, '.tv-status');
    this.eventPanel = find(root, '.tv-event');
    this.statePanel = find(root, '.tv-state');
    this.stateProc = find(root, '.tv-state-proc');
  }

  /** For each event, the arrows that start or end there (for tooltips on marks). */
  Viewer.prototype.indexArrowsByEvent = function () {
    /** @type {Object<number, number>} */
    var byEvent = {};
    this.model.arrows.forEach(function (/** @type {any} */ arrow, /** @type {number} */ index) {
      if (arrow.end >= 0) {
        byEvent[arrow.end] = index;
      }
      if (byEvent[arrow.send] === undefined) {
        byEvent[arrow.send] = index;
      }
    });
    return byEvent;
  };

  /** For each event, the index of the latest event at or before it carrying its lane's state. */
  Viewer.prototype.indexStates = function () {
    var latest = new Int32Array(this.lanes.length).fill(-1);
    var index = new Int32Array(this.events.length).fill(-1);
    for (var i = 0; i < this.events.length; i++) {
      var event = this.events[i];
      if (event.lane < 0) {
        continue;
      }
      if (event.hasState) {
        latest[event.lane] = i;
      }
      index[i] = latest[event.lane];
    }
    return index;
  };

  Viewer.prototype.start = function () {
    this.buildChrome();
    this.buildFilters();
    this.bindEvents();
    this.applyFilters();
    this.showCurrent();
    this.drawNow();
    var root = this.root;
    // Two frames: the first runs before the first paint of the diagram, the second after it.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        root.setAttribute('data-ready-ms', String(Math.round(performance.now())));
        root.setAttribute('data-ready', 'true');
      });
    });
  };

  Viewer.prototype.buildChrome = function () {
    var fail = /** @type {HTMLElement} */ (find(this.root, '.tv-fail'));
    if (this.model.failMessage !== null || this.model.failStep !== null) {
      var where = this.model.failStep !== null ? 'failed at step ' + this.model.failStep : 'failed';
      fail.textContent = where + (this.model.failMessage !== null ? ': ' + this.model.failMessage : '');
      fail.hidden = false;
    }
    var jump = /** @type {HTMLButtonElement} */ (find(this.root, '.tv-jump-fail'));
    jump.disabled = this.model.failEvent < 0;
  };

  Viewer.prototype.buildFilters = function () {
    var self = this;
    var procBox = find(this.root, '.tv-proc-filter');
    this.lanes.forEach(function (/** @type {any} */ lane, /** @type {number} */ index) {
      var label = html('label');
      var box = /** @type {HTMLInputElement} */ (html('input', 'tv-proc-cb'));
      box.type = 'checkbox';
      box.checked = true;
      box.setAttribute('data-lane', String(index));
      box.addEventListener('change', function () {
        self.procVisible[index] = box.checked;
        self.refilter();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + lane.id + ' (' + self.model.nodes[lane.node] + ')'));
      procBox.appendChild(label);
    });
    var typeBox = find(this.root, '.tv-type-filter');
    this.model.types.forEach(function (/** @type {string} */ type, /** @type {number} */ index) {
      var label = html('label');
      var box = /** @type {HTMLInputElement} */ (html('input', 'tv-type-cb'));
      box.type = 'checkbox';
      box.checked = true;
      box.setAttribute('data-type-index', String(index));
      box.addEventListener('change', function () {
        self.typeVisible[type] = box.checked;
        self.refilter();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + type));
      typeBox.appendChild(label);
    });
    if (this.model.types.length === 0) {
      typeBox.appendChild(html('span', 'tv-none', 'no messages'));
    }
  };

  Viewer.prototype.bindEvents = function () {
    var self = this;
    var on = function (/** @type {string} */ selector, /** @type {() => void} */ action) {
      find(self.root, selector).addEventListener('click', action);
    };
    on('.tv-prev', function () { self.step(-1); });
    on('.tv-next', function () { self.step(1); });
    on('.tv-jump-fail', function () { self.jumpToFailure(); });
    on('.tv-zoom-in', function () { self.zoom(1.5); });
    on('.tv-zoom-out', function () { self.zoom(1 / 1.5); });
    on('.tv-zoom-reset', function () { self.setRowHeight(BASE_ROW); });
    this.scroll.addEventListener('scroll', function () {
      self.headerWrap.scrollLeft = self.scroll.scrollLeft;
      self.requestDraw();
    });
    this.scroll.addEventListener('wheel', function (event) {
      if (!event.ctrlKey) {
        return;
      }
      event.preventDefault();
      self.zoom(event.deltaY < 0 ? 1.25 : 0.8);
    }, { passive: false });
    this.root.addEventListener('keydown', function (event) { self.onKey(event); });
    this.body.addEventListener('mouseover', function (event) { self.onHover(event); });
    this.body.addEventListener('mouseout', function (event) {
      var related = /** @type {Element|null} */ (event.relatedTarget);
      if (self.pinnedArrow < 0 && !(related && self.body.contains(related) && related.closest('[data-arrow],[data-ev]'))) {
        self.hideTooltip();
      }
    });
    this.body.addEventListener('click', function (event) { self.onClick(event); });
  };

  /** @param {KeyboardEvent} event */
  Viewer.prototype.onKey = function (event) {
    if (event.altKey || event.metaKey || event.ctrlKey) {
      return;
    }
    var actions = {
      ArrowRight: function (/** @type {Viewer} */ v) { v.step(1); },
      j: function (/** @type {Viewer} */ v) { v.step(1); },
      ArrowLeft: function (/** @type {Viewer} */ v) { v.step(-1); },
      k: function (/** @type {Viewer} */ v) { v.step(-1); },
      Home: function (/** @type {Viewer} */ v) { v.select(v.rows.length > 0 ? v.rows[0] : -1); },
      End: function (/** @type {Viewer} */ v) { v.select(v.rows.length > 0 ? v.rows[v.rows.length - 1] : -1); },
      f: function (/** @type {Viewer} */ v) { v.jumpToFailure(); },
      '+': function (/** @type {Viewer} */ v) { v.zoom(1.5); },
      '=': function (/** @type {Viewer} */ v) { v.zoom(1.5); },
      '-': function (/** @type {Viewer} */ v) { v.zoom(1 / 1.5); },
      '0': function (/** @type {Viewer} */ v) { v.setRowHeight(BASE_ROW); },
      Escape: function (/** @type {Viewer} */ v) { v.unpin(); }
    };
    var action = /** @type {Object<string, (v: Viewer) => void>} */ (actions)[event.key];
    if (action) {
      event.preventDefault();
      action(this);
    }
  };

  /** @param {Event} event */
  Viewer.prototype.targetOf = function (event) {
    var target = /** @type {Element} */ (event.target);
    var hit = target && target.closest ? target.closest('[data-arrow],[data-ev]') : null;
    if (!hit) {
      return null;
    }
    var arrow = hit.getAttribute('data-arrow');
    return arrow !== null ? { arrow: Number(arrow), ev: -1 } : { arrow: -1, ev: Number(hit.getAttribute('data-ev')) };
  };

  /** @param {MouseEvent} event */
  Viewer.prototype.onHover = function (event) {
    if (this.pinnedArrow >= 0) {
      return;
    }
    var target = this.targetOf(event);
    if (!target) {
      return;
    }
    if (target.arrow >= 0) {
      this.showArrowTooltip(target.arrow, event, false);
    } else {
      this.showEventTooltip(target.ev, event);
    }
  };

  /** @param {MouseEvent} event */
  Viewer.prototype.onClick = function (event) {
    var target = this.targetOf(event);
    if (!target) {
      this.unpin();
      return;
    }
    if (target.arrow >= 0) {
      this.pinnedArrow = target.arrow;
      this.showArrowTooltip(target.arrow, event, true);
      this.requestDraw();
    } else {
      this.unpin();
      this.select(target.ev);
    }
  };

  Viewer.prototype.unpin = function () {
    this.pinnedArrow = -1;
    this.hideTooltip();
    this.requestDraw();
  };

  Viewer.prototype.hideTooltip = function () {
    this.tooltip.hidden = true;
    this.tooltip.classList.remove('tv-pinned');
  };

  /** @param {HTMLElement[]} parts @param {MouseEvent} event @param {boolean} pinned */
  Viewer.prototype.placeTooltip = function (parts, event, pinned) {
    var tip = this.tooltip;
    tip.replaceChildren.apply(tip, parts);
    tip.classList.toggle('tv-pinned', pinned);
    tip.hidden = false;
    var box = this.root.getBoundingClientRect();
    var left = event.clientX - box.left + 14;
    var maxLeft = Math.max(0, this.root.clientWidth - tip.offsetWidth - 4);
    tip.style.left = Math.min(left, maxLeft) + 'px';
    tip.style.top = (event.clientY - box.top + 14) + 'px';
  };

  /** @param {number} index @param {MouseEvent} event @param {boolean} pinned */
  Viewer.prototype.showArrowTooltip = function (index, event, pinned) {
    var arrow = this.model.arrows[index];
    var send = this.events[arrow.send];
    var end = arrow.end >= 0 ? this.events[arrow.end] : null;
    var parts = [
      html('strong', 'tv-tip-type', (send.type !== undefined ? send.type : '(no type)') + (send.msg !== undefined ? '  #' + send.msg : '')),
      html('div', 'tv-tip-route', this.laneName(arrow.fromLane) + ' \u2192 ' + this.laneName(arrow.toLane)),
      html('div', 'tv-tip-sent', 'sent: t=' + formatTime(send.time) + ', step ' + send.step + (send.delay !== undefined ? ', delay ' + formatTime(send.delay) : ''))
    ];
    if (!end) {
      parts.push(html('div', 'tv-tip-end', 'not delivered or dropped within this trace'));
    } else if (arrow.outcome === 'drop') {
      parts.push(html('div', 'tv-tip-end', 'dropped: t=' + formatTime(end.time) + ', step ' + end.step + (end.detail ? ' (' + end.detail + ')' : '')));
    } else {
      parts.push(html('div', 'tv-tip-end', 'delivered: t=' + formatTime(end.time) + ', step ' + end.step));
    }
    if (arrow.duplicate) {
      parts.push(html('div', 'tv-flag', 'duplicate copy made by the network'));
    }
    if (arrow.corrupt) {
      parts.push(html('div', 'tv-flag', 'corrupted by the network'));
    }
    parts.push(html('pre', 'tv-tip-data', prettyJson(send.data)));
    if (end && end.data !== undefined && JSON.stringify(end.data) !== JSON.stringify(send.data)) {
      parts.push(html('div', '', 'as received:'));
      parts.push(html('pre', 'tv-tip-received', prettyJson(end.data)));
    }
    this.placeTooltip(parts, event, pinned);
  };

  /** @param {number} index @param {MouseEvent} event */
  Viewer.prototype.showEventTooltip = function (index, event) {
    var arrow = this.arrowsByEnd[index];
    if (arrow !== undefined && MESSAGE_KINDS[/** @type {'send'} */ (this.events[index].kind)]) {
      this.showArrowTooltip(arrow, event, false);
      return;
    }
    this.placeTooltip([html('pre', 'tv-tip-event', this.describe(index))], event, false);
  };

  /** @param {number} lane */
  Viewer.prototype.laneName = function (lane) {
    return lane >= 0 ? this.lanes[lane].id : '?';
  };

  /** @param {number} index */
  Viewer.prototype.describe = function (index) {
    var event = this.events[index];
    var lines = ['#' + (index + 1) + '  ' + event.kind, 'step ' + event.step + ', t=' + formatTime(event.time)];
    var fields = ['from', 'to', 'msg', 'type', 'timer', 'delay', 'detail'];
    if (event.lane >= 0) {
      lines.push('process: ' + this.lanes[event.lane].id);
    }
    if (event.node !== undefined) {
      lines.push('node: ' + this.model.nodes[event.node]);
    }
    fields.forEach(function (field) {
      if (event[field] !== undefined) {
        lines.push(field + ': ' + String(event[field]));
      }
    });
    if (event.data !== undefined) {
      lines.push('data: ' + prettyJson(event.data));
    }
    if (index === this.model.failEvent) {
      lines.push('<< the failing check fired here');
    }
    return lines.join('\n');
  };

  Viewer.prototype.refilter = function () {
    this.unpin();
    this.applyFilters();
    this.resize();
    this.drawNow();
  };

  /** @param {any} event */
  Viewer.prototype.isVisible = function (event) {
    if (event.type !== undefined && this.typeVisible[event.type] === false) {
      return false;
    }
    if (event.lane >= 0) {
      return this.procVisible[event.lane];
    }
    if (event.node !== undefined) {
      var nodeLanes = 0;
      var shown = 0;
      for (var i = 0; i < this.lanes.length; i++) {
        if (this.lanes[i].node === event.node) {
          nodeLanes++;
          shown += this.procVisible[i] ? 1 : 0;
        }
      }
      return nodeLanes === 0 || shown > 0;
    }
    return true;
  };

  Viewer.prototype.applyFilters = function () {
    var rows = [];
    this.rowOf.fill(-1);
    for (var i = 0; i < this.events.length; i++) {
      if (this.isVisible(this.events[i])) {
        this.rowOf[i] = rows.length;
        rows.push(i);
      }
    }
    this.rows = Int32Array.from(rows);
    this.visibleLanes = [];
    this.laneX.fill(-1);
    for (var lane = 0; lane < this.lanes.length; lane++) {
      if (this.procVisible[lane]) {
        this.laneX[lane] = AXIS_WIDTH + this.visibleLanes.length * LANE_WIDTH + LANE_WIDTH / 2;
        this.visibleLanes.push(lane);
      }
    }
    var rowOf = this.rowOf;
    var procVisible = this.procVisible;
    this.visibleArrows = [];
    this.model.arrows.forEach(function (/** @type {any} */ arrow, /** @type {number} */ index) {
      var ends = arrow.end >= 0 ? rowOf[arrow.end] >= 0 : arrow.toLane < 0 || procVisible[arrow.toLane];
      if (rowOf[arrow.send] >= 0 && ends) {
        this.visibleArrows.push(index);
      }
    }, this);
    this.root.setAttribute('data-visible-events', String(this.rows.length));
    this.root.setAttribute('data-visible-arrows', String(this.visibleArrows.length));
    this.resize();
    this.drawHeader();
  };

  Viewer.prototype.width = function () {
    return AXIS_WIDTH + Math.max(1, this.visibleLanes.length) * LANE_WIDTH + 16;
  };

  Viewer.prototype.resize = function () {
    var height = Math.max(this.rows.length * this.rowHeight + 8, 40);
    this.body.setAttribute('width', String(this.width()));
    this.body.setAttribute('height', String(height));
  };

  Viewer.prototype.drawHeader = function () {
    var header = this.header;
    var width = this.width();
    header.setAttribute('width', String(width + 40));
    header.setAttribute('height', String(HEADER_HEIGHT));
    var parts = [];
    var axis = svg('text', { x: 6, y: 30, 'class': 'tv-axis-label' });
    axis.textContent = 'step \u00b7 time';
    parts.push(axis);
    var groups = this.nodeGroups();
    for (var g = 0; g < groups.length; g++) {
      var group = groups[g];
      parts.push(svg('rect', { x: group.x, y: 0, width: group.width, height: HEADER_HEIGHT, 'class': g % 2 ? 'tv-node-band-alt' : 'tv-node-band' }));
      var nodeLabel = svg('text', { x: group.x + 4, y: 13, 'class': 'tv-node-label' });
      nodeLabel.textContent = shorten(this.model.nodes[group.node]);
      parts.push(nodeLabel);
    }
    for (var i = 0; i < this.visibleLanes.length; i++) {
      var lane = this.visibleLanes[i];
      var label = svg('text', { x: this.laneX[lane], y: 32, 'text-anchor': 'middle', 'class': 'tv-lane-label' });
      label.textContent = shorten(this.lanes[lane].id);
      parts.push(label);
    }
    header.replaceChildren.apply(header, parts);
  };

  /** Consecutive visible lanes of one node, as x ranges. */
  Viewer.prototype.nodeGroups = function () {
    /** @type {{node: number, x: number, width: number}[]} */
    var groups = [];
    for (var i = 0; i < this.visibleLanes.length; i++) {
      var lane = this.visibleLanes[i];
      var node = this.lanes[lane].node;
      var last = groups[groups.length - 1];
      if (last && last.node === node) {
        last.width += LANE_WIDTH;
      } else {
        groups.push({ node: node, x: this.laneX[lane] - LANE_WIDTH / 2, width: LANE_WIDTH });
      }
    }
    return groups;
  };

  Viewer.prototype.requestDraw = function () {
    if (this.frameRequested) {
      return;
    }
    this.frameRequested = true;
    var self = this;
    requestAnimationFrame(function () {
      self.frameRequested = false;
      self.drawNow();
    });
  };

  /** @param {number} row */
  Viewer.prototype.rowY = function (row) {
    return row * this.rowHeight + this.rowHeight / 2 + 4;
  };

  /** First row index whose event index is >= eventIndex (rows are sorted). */
  Viewer.prototype.lowerRow = function (/** @type {number} */ eventIndex) {
    var low = 0;
    var high = this.rows.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (this.rows[mid] < eventIndex) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  };

  Viewer.prototype.drawNow = function () {
    var top = this.scroll.scrollTop;
    var height = this.scroll.clientHeight || 600;
    var h = this.rowHeight;
    var first = Math.max(0, Math.floor((top - OVERSCAN_PX) / h));
    var last = Math.min(this.rows.length - 1, Math.ceil((top + height + OVERSCAN_PX) / h));
    var yTop = first * h;
    var yBottom = (last + 1) * h + 8;
    var background = [];
    var foreground = [];
    var marks = [];
    this.drawBands(background, yTop, yBottom);
    this.drawSpans(background, first, last);
    this.drawRowHighlights(background, first, last);
    this.drawArrows(foreground, first, last);
    for (var row = first; row <= last; row++) {
      this.drawEvent(marks, row);
    }
    var layers = background.concat(foreground, marks);
    this.body.replaceChildren.apply(this.body, layers);
    this.root.setAttribute('data-drawn-rows', String(Math.max(0, last - first + 1)));
  };

  /** @param {Element[]} out @param {number} yTop @param {number} yBottom */
  Viewer.prototype.drawBands = function (out, yTop, yBottom) {
    var groups = this.nodeGroups();
    for (var g = 0; g < groups.length; g++) {
      if (g % 2) {
        out.push(svg('rect', { x: groups[g].x, y: yTop, width: groups[g].width, height: yBottom - yTop, 'class': 'tv-node-band-alt' }));
      }
    }
    for (var i = 0; i < this.visibleLanes.length; i++) {
      var x = this.laneX[this.visibleLanes[i]];
      out.push(svg('line', { x1: x, y1: yTop, x2: x, y2: yBottom, 'class': 'tv-lane-line' }));
    }
  };

  /** @param {Element[]} out @param {number} first @param {number} last */
  Viewer.prototype.drawSpans = function (out, first, last) {
    var h = this.rowHeight;
    var spans = this.model.spans;
    for (var i = 0; i < spans.length; i++) {
      var span = spans[i];
      var startRow = this.lowerRow(span.start);
      var endRow = this.lowerRow(span.end + 1) - 1;
      if (endRow < startRow || endRow < first || startRow > last) {
        continue;
      }
      var x = AXIS_WIDTH;
      var width = this.visibleLanes.length * LANE_WIDTH;
      if (span.kind === 'crash') {
        var group = this.nodeGroups().filter(function (candidate) { return candidate.node === span.node; })[0];
        if (!group) {
          continue;
        }
        x = group.x;
        width = group.width;
      }
      var y = this.rowY(startRow);
      out.push(svg('rect', { x: x, y: y, width: width, height: Math.max(1, this.rowY(endRow) - y), 'class': 'tv-span-' + span.kind, 'data-span': i }));
      if (h >= 10) {
        var label = svg('text', { x: x + width - 4, y: y + 11, 'text-anchor': 'end', 'class': 'tv-span-label' });
        label.textContent = shorten(span.label);
        out.push(label);
      }
    }
  };

  /** @param {Element[]} out @param {number} first @param {number} last */
  Viewer.prototype.drawRowHighlights = function (out, first, last) {
    var width = this.width();
    var marks = [[this.model.failEvent, 'tv-row-fail'], [this.currentEvent, 'tv-row-current']];
    for (var i = 0; i < marks.length; i++) {
      var row = marks[i][0] >= 0 ? this.rowOf[/** @type {number} */ (marks[i][0])] : -1;
      if (row >= first && row <= last && row >= 0) {
        out.push(svg('rect', { x: 0, y: row * this.rowHeight + 4, width: width, height: this.rowHeight, 'class': String(marks[i][1]) }));
      }
    }
  };

  /** @param {Element[]} out @param {number} first @param {number} last */
  Viewer.prototype.drawArrows = function (out, first, last) {
    var h = this.rowHeight;
    for (var i = 0; i < this.visibleArrows.length; i++) {
      var index = this.visibleArrows[i];
      var arrow = this.model.arrows[index];
      var fromRow = this.rowOf[arrow.send];
      var toRow = arrow.end >= 0 ? this.rowOf[arrow.end] : Math.min(fromRow + 2, this.rows.length);
      if (toRow < first || fromRow > last) {
        continue;
      }
      var x1 = this.laneX[arrow.fromLane];
      var y1 = this.rowY(fromRow);
      var x2 = arrow.toLane >= 0 && this.laneX[arrow.toLane] >= 0 ? this.laneX[arrow.toLane] : x1 + LANE_WIDTH / 2;
      var y2 = this.rowY(toRow);
      if (arrow.end < 0) {
        x2 = x1 + (x2 - x1) / 2;
      }
      // A message to itself would be a vertical segment hidden by its lane: bend it out.
      var loop = x1 === x2;
      var path = loop
        ? 'M' + x1 + ',' + y1 + ' C' + (x1 + 40) + ',' + y1 + ' ' + (x1 + 40) + ',' + y2 + ' ' + x1 + ',' + y2
        : 'M' + x1 + ',' + y1 + ' L' + x2 + ',' + y2;
      var classes = 'tv-arrow tv-' + (arrow.outcome === 'drop' ? 'drop' : arrow.outcome === 'pending' ? 'pending' : 'deliver');
      classes += (arrow.duplicate ? ' tv-dup' : '') + (arrow.corrupt ? ' tv-corrupt' : '') + (index === this.pinnedArrow ? ' tv-selected' : '');
      var group = svg('g', { 'class': classes, 'data-arrow': index });
      group.appendChild(svg('path', { d: path, 'class': 'tv-hit' }));
      group.appendChild(svg('path', { d: path, 'class': 'tv-line' }));
      if (arrow.outcome === 'deliver') {
        group.appendChild(this.arrowHead(loop ? x1 + 10 : x1, loop ? y2 : y1, x2, y2, Math.min(8, h * 0.6)));
      } else if (arrow.outcome === 'drop') {
        var r = Math.max(2, Math.min(5, h / 3));
        group.appendChild(svg('path', { d: 'M' + (x2 - r) + ',' + (y2 - r) + ' L' + (x2 + r) + ',' + (y2 + r) + ' M' + (x2 - r) + ',' + (y2 + r) + ' L' + (x2 + r) + ',' + (y2 - r), 'class': 'tv-cross' }));
      }
      out.push(group);
    }
  };

  /** @param {number} x1 @param {number} y1 @param {number} x2 @param {number} y2 @param {number} size */
  Viewer.prototype.arrowHead = function (x1, y1, x2, y2, size) {
    var angle = Math.atan2(y2 - y1, x2 - x1);
    var spread = 0.45;
    var ax = x2 - size * Math.cos(angle - spread);
    var ay = y2 - size * Math.sin(angle - spread);
    var bx = x2 - size * Math.cos(angle + spread);
    var by = y2 - size * Math.sin(angle + spread);
    return svg('path', { d: 'M' + x2 + ',' + y2 + ' L' + ax + ',' + ay + ' L' + bx + ',' + by + ' Z', 'class': 'tv-head' });
  };

  /** @param {Element[]} out @param {number} row */
  Viewer.prototype.drawEvent = function (out, row) {
    var index = this.rows[row];
    var event = this.events[index];
    var h = this.rowHeight;
    var y = this.rowY(row);
    var r = Math.max(1.5, Math.min(4.5, h / 4));
    var classes = 'tv-ev tv-k-' + event.kind + (index === this.currentEvent ? ' tv-current' : '') + (index === this.model.failEvent ? ' tv-failing' : '');
    var group = svg('g', { 'class': classes, 'data-ev': index });
    var x = event.lane >= 0 ? this.laneX[event.lane] : AXIS_WIDTH;
    var label = '';
    switch (event.kind) {
      case 'drop':
        group.appendChild(svg('path', { d: 'M' + (x - r) + ',' + (y - r) + ' L' + (x + r) + ',' + (y + r) + ' M' + (x - r) + ',' + (y + r) + ' L' + (x + r) + ',' + (y - r), 'class': 'tv-cross' }));
        break;
      case 'local-in':
        group.appendChild(svg('path', { d: 'M' + (x - LANE_WIDTH / 2 + 4) + ',' + y + ' L' + (x - r) + ',' + y, 'class': 'tv-line' }));
        group.appendChild(this.arrowHead(x - LANE_WIDTH / 2, y, x - r, y, Math.min(7, h * 0.5)));
        label = event.type || '';
        break;
      case 'local-out':
        group.appendChild(svg('path', { d: 'M' + (x + r) + ',' + y + ' L' + (x + LANE_WIDTH / 2 - 4) + ',' + y, 'class': 'tv-line' }));
        group.appendChild(this.arrowHead(x, y, x + LANE_WIDTH / 2 - 4, y, Math.min(7, h * 0.5)));
        label = event.type || '';
        break;
      case 'timer-cancel':
        group.appendChild(svg('circle', { cx: x, cy: y, r: r, 'class': 'tv-dot' }));
        group.appendChild(svg('path', { d: 'M' + (x - r) + ',' + (y + r) + ' L' + (x + r) + ',' + (y - r), 'class': 'tv-cross' }));
        label = event.timer || '';
        break;
      case 'crash':
      case 'recover':
      case 'network':
        this.drawWideMark(group, event, y, r);
        label = event.kind === 'network' ? event.detail || 'network' : event.kind + ' ' + (event.node !== undefined ? this.model.nodes[event.node] : '');
        x = event.kind === 'network' ? AXIS_WIDTH : this.nodeStart(event.node);
        break;
      default:
        group.appendChild(svg(event.kind === 'duplicate' || event.kind === 'corrupt' ? 'rect' : 'circle',
          event.kind === 'duplicate' || event.kind === 'corrupt'
            ? { x: x - r, y: y - r, width: 2 * r, height: 2 * r, 'class': 'tv-dot' }
            : { cx: x, cy: y, r: r, 'class': 'tv-dot' }));
        label = event.kind.indexOf('timer') === 0 ? event.timer || '' : event.kind === 'check' ? event.detail || 'check' : event.kind === 'storage' ? 'storage ' + (event.type || '') : event.kind === 'duplicate' ? 'dup' : event.kind === 'corrupt' ? 'corrupt' : '';
    }
    if (label && h >= 12) {
      var text = svg('text', { x: x + 7, y: y - 3, 'class': 'tv-ev-label' });
      text.textContent = shorten(label);
      group.appendChild(text);
    }
    if (row % Math.max(1, Math.ceil(14 / h)) === 0) {
      var axis = svg('text', { x: 4, y: y + 3, 'class': 'tv-axis-label' });
      axis.textContent = event.step + ' \u00b7 ' + formatTime(event.time);
      out.push(axis);
    }
    out.push(group);
  };

  /** @param {number|undefined} node */
  Viewer.prototype.nodeStart = function (node) {
    var group = this.nodeGroups().filter(function (candidate) { return candidate.node === node; })[0];
    return group ? group.x : AXIS_WIDTH;
  };

  /** @param {Element} group @param {any} event @param {number} y @param {number} r */
  Viewer.prototype.drawWideMark = function (group, event, y, r) {
    if (event.kind === 'network') {
      group.appendChild(svg('path', { d: 'M' + AXIS_WIDTH + ',' + y + ' L' + (AXIS_WIDTH + this.visibleLanes.length * LANE_WIDTH) + ',' + y, 'class': 'tv-line' }));
      group.appendChild(svg('path', { d: 'M' + AXIS_WIDTH + ',' + (y - 4) + ' L' + (AXIS_WIDTH + this.visibleLanes.length * LANE_WIDTH) + ',' + (y - 4), 'class': 'tv-hit', stroke: 'transparent', 'stroke-width': 8 }));
      return;
    }
    var start = this.nodeStart(event.node);
    var groups = this.nodeGroups().filter(function (candidate) { return candidate.node === event.node; });
    var width = groups.length ? groups[0].width : LANE_WIDTH;
    group.appendChild(svg('rect', { x: start + 4, y: y - r / 2 - 1, width: width - 8, height: r + 2, 'class': 'tv-bar' }));
  };

  /** @param {number} delta */
  Viewer.prototype.step = function (delta) {
    if (this.rows.length === 0) {
      return;
    }
    var row = this.currentEvent >= 0 ? this.rowOf[this.currentEvent] : -1;
    if (row < 0) {
      // The current event is filtered out (or none yet): continue from the nearest visible row.
      row = this.currentEvent >= 0 ? this.lowerRow(this.currentEvent) - (delta > 0 ? 1 : 0) : delta > 0 ? -1 : this.rows.length;
    }
    var next = Math.max(0, Math.min(this.rows.length - 1, row + delta));
    this.select(this.rows[next]);
  };

  Viewer.prototype.jumpToFailure = function () {
    if (this.model.failEvent < 0) {
      return;
    }
    if (this.rowOf[this.model.failEvent] < 0) {
      // Filters hid the failing event: show everything again rather than jump nowhere.
      this.resetFilters();
    }
    this.select(this.model.failEvent);
  };

  Viewer.prototype.resetFilters = function () {
    this.procVisible = this.procVisible.map(function () { return true; });
    Object.keys(this.typeVisible).forEach(function (type) { this.typeVisible[type] = true; }, this);
    Array.prototype.forEach.call(this.root.querySelectorAll('.tv-proc-cb, .tv-type-cb'), function (/** @type {HTMLInputElement} */ box) {
      box.checked = true;
    });
    this.applyFilters();
  };

  /** @param {number} index */
  Viewer.prototype.select = function (index) {
    this.currentEvent = index;
    this.showCurrent();
    var row = index >= 0 ? this.rowOf[index] : -1;
    if (row >= 0) {
      var y = row * this.rowHeight;
      var view = this.scroll;
      if (y < view.scrollTop || y + this.rowHeight > view.scrollTop + view.clientHeight) {
        view.scrollTop = Math.max(0, y - view.clientHeight / 2);
      }
    }
    this.drawNow();
  };

  Viewer.prototype.showCurrent = function () {
    var index = this.currentEvent;
    this.root.setAttribute('data-current', String(index));
    if (index < 0) {
      this.status.textContent = this.rows.length + ' events shown of ' + this.events.length;
      return;
    }
    var event = this.events[index];
    var who = event.lane >= 0 ? this.lanes[event.lane].id : event.node !== undefined ? this.model.nodes[event.node] : 'network';
    this.status.textContent = 'event ' + (index + 1) + '/' + this.events.length + '  step ' + event.step + '  t=' + formatTime(event.time) + '  ' + who + '  ' + event.kind;
    this.eventPanel.textContent = this.describe(index);
    if (event.lane < 0) {
      this.stateProc.textContent = '';
      this.statePanel.textContent = 'no single process acts in this event';
      return;
    }
    var holder = this.stateIndex[index];
    this.stateProc.textContent = 'of ' + this.lanes[event.lane].id;
    this.statePanel.textContent = holder >= 0
      ? '(after step ' + this.events[holder].step + ')\n' + prettyJson(this.events[holder].state)
      : 'no state recorded for ' + this.lanes[event.lane].id + ' up to this event';
  };

  /** @param {number} factor */
  Viewer.prototype.zoom = function (factor) {
    this.setRowHeight(this.rowHeight * factor);
  };

  /** @param {number} wanted */
  Viewer.prototype.setRowHeight = function (wanted) {
    var height = Math.max(MIN_ROW, Math.min(MAX_ROW, wanted));
    if (height === this.rowHeight) {
      return;
    }
    // Keep the row in the middle of the view where it is while the scale changes.
    var view = this.scroll;
    var middle = (view.scrollTop + view.clientHeight / 2) / this.rowHeight;
    this.rowHeight = height;
    this.root.setAttribute('data-row-height', String(height));
    this.resize();
    view.scrollTop = Math.max(0, middle * height - view.clientHeight / 2);
    this.drawNow();
  };

  /** @param {HTMLElement} root */
  function mount(root) {
    if (!root || root.getAttribute('data-mounted') === 'true') {
      return;
    }
    root.setAttribute('data-mounted', 'true');
    var data = find(root, 'script.tv-data');
    var viewer = new Viewer(root, JSON.parse(data.textContent || 'null'));
    viewer.start();
  }

  window.dsgradeTraceViewer = { mount: mount };
})();
