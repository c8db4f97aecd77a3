/* dsgrade explorer page: asks the local server (which asks the sandbox child) for the state
   of the exploration and draws it. Every text from the child (state, labels, messages) goes in
   through textContent; only the diagram fragment, rendered by the grader, is inserted as HTML. */
(function () {
  'use strict';

  /** @param {string} selector */
  function $(selector) {
    var element = document.querySelector(selector);
    if (!element) {
      throw new Error('explorer: the page lacks ' + selector);
    }
    return /** @type {HTMLElement} */ (element);
  }

  /** @param {string} tag @param {string=} className @param {string=} text */
  function el(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  /** Shows kind-tagged plain data (framework PlainData) as text. @param {any} v @param {string} indent */
  function show(v, indent) {
    var inner = indent + '  ';
    switch (v.kind) {
      case 'string':
        return JSON.stringify(v.text);
      case 'array':
        return v.items.length === 0 ? '[]' : '[\n' + v.items.map(function (/** @type {any} */ x) { return inner + show(x, inner); }).join(',\n') + '\n' + indent + ']';
      case 'set':
        return 'Set {' + v.items.map(function (/** @type {any} */ x) { return show(x, inner); }).join(', ') + '}';
      case 'map':
        return v.entries.length === 0 ? 'Map {}' : 'Map {\n' + v.entries.map(function (/** @type {any} */ e) { return inner + show(e[0], inner) + ' => ' + show(e[1], inner); }).join(',\n') + '\n' + indent + '}';
      case 'object':
        return (v.className ? v.className + ' ' : '') + (v.fields.length === 0 ? '{}' : '{\n' + v.fields.map(function (/** @type {any} */ f) { return inner + f[0] + ': ' + show(f[1], inner); }).join(',\n') + '\n' + indent + '}');
      default:
        return v.text;
    }
  }

  var busy = false;
  /** @type {any} */
  var current = null;

  /** @param {string} op @param {Object<string, unknown>=} body */
  function call(op, body) {
    if (busy) {
      return;
    }
    busy = true;
    document.body.setAttribute('data-busy', 'true');
    var init = op === 'state' ? { method: 'GET' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) };
    fetch('/api/' + op, init)
      .then(function (res) { return res.json(); })
      .then(function (answer) {
        var error = $('.ex-error');
        if (answer.ok) {
          error.hidden = true;
          render(answer);
        } else {
          error.hidden = false;
          error.textContent = answer.error;
        }
      }, function (e) {
        var error = $('.ex-error');
        error.hidden = false;
        error.textContent = 'the explorer server does not answer (' + String(e) + '); it may have stopped';
      })
      .then(function () {
        busy = false;
        document.body.setAttribute('data-busy', 'false');
      });
  }

  /** @param {any} answer */
  function render(answer) {
    var view = answer.view;
    current = view;
    $('.ex-note').textContent = answer.note || '';
    $('.ex-step').textContent = '(step ' + view.step + ' of ' + view.lineLength + ')';
    var stage = $('.ex-stage');
    stage.hidden = !view.stages;
    stage.textContent = view.stages ? 'stage ' + (view.stage + 1) + ' of ' + (view.stages + 1) : '';
    $('.ex-token').textContent = view.token;
    /** @type {HTMLButtonElement} */ ($('.ex-back')).disabled = view.step === 0;
    /** @type {HTMLButtonElement} */ ($('.ex-forward')).disabled = view.step >= view.lineLength;

    var events = $('.ex-events');
    events.textContent = '';
    if (view.error) {
      // Older sessions (and errors without a mapped source) may lack step / location: show what there is.
      var err = view.error;
      var li = el('li', 'ex-step-error');
      li.appendChild(el('div', 'ex-error-head', 'process ' + err.proc + ' threw in ' + err.handler + (typeof err.step === 'number' ? ' at step ' + err.step : '')));
      li.appendChild(el('div', 'ex-error-message', String(err.message)));
      if (err.location) {
        li.appendChild(el('code', 'ex-error-location', String(err.location)));
      }
      if (err.stack) {
        var details = el('details', 'ex-error-stack');
        details.appendChild(el('summary', '', 'stack'));
        details.appendChild(el('pre', '', String(err.stack)));
        li.appendChild(details);
      }
      events.appendChild(li);
    } else if (view.events.length === 0) {
      events.appendChild(el('li', '', 'nothing is enabled: the system is quiet'));
    }
    view.events.forEach(function (/** @type {any} */ ev) {
      var item = el('li', 'ex-kind-' + ev.kind);
      var button = el('button', 'ex-event', ev.kind === 'stage' ? 'start stage ' + (ev.stage + 1) + ' here (' + ev.label + ')' : ev.label);
      button.setAttribute('data-choice', String(ev.choice));
      if (ev.data) {
        button.title = show(ev.data, '');
      }
      button.addEventListener('click', function () { call('apply', { choice: ev.choice }); });
      item.appendChild(button);
      events.appendChild(item);
    });

    var invariants = $('.ex-invariants');
    invariants.textContent = '';
    if (view.invariants.length === 0) {
      invariants.appendChild(el('li', '', 'this test has no invariants'));
    }
    view.invariants.forEach(function (/** @type {any} */ inv) {
      invariants.appendChild(inv.ok ? el('li', 'ex-ok', '\u2713 ' + inv.name) : el('li', 'ex-violated', '\u2717 ' + inv.name + ': ' + inv.message));
    });

    var procs = $('.ex-procs');
    procs.textContent = '';
    view.processes.forEach(function (/** @type {any} */ p) {
      var box = el('div', 'ex-proc');
      box.setAttribute('data-proc', p.id);
      box.appendChild(el('h3', '', p.id + ' on ' + p.node + (p.crashed ? ' (crashed)' : '') + '  clock ' + p.clock));
      p.fields.forEach(function (/** @type {any} */ f) {
        var changed = p.changed.indexOf(f[0]) >= 0;
        var line = el('pre', changed ? 'ex-field ex-changed' : 'ex-field', f[0] + ': ' + show(f[1], ''));
        line.setAttribute('data-field', f[0]);
        box.appendChild(line);
      });
      if (p.timers.length > 0) {
        box.appendChild(el('pre', 'ex-timers', 'timers: ' + p.timers.map(function (/** @type {any} */ t) { return t.name + ' @' + t.deadline; }).join(', ')));
      }
      procs.appendChild(box);
    });

    renderTree(view);

    var diagram = $('.ex-diagram');
    diagram.innerHTML = answer.diagram;
    var root = diagram.querySelector('section.tv');
    if (root && window.dsgradeTraceViewer) {
      window.dsgradeTraceViewer.mount(/** @type {HTMLElement} */ (root));
    }
  }

  /** @param {any} view */
  function renderTree(view) {
    var nodes = view.tree;
    /** @param {number} id */
    function branch(id) {
      var node = nodes[id];
      var li = el('li');
      var a = el('a', (node.id === view.current ? 'ex-here' : '') + (node.violated || node.failed ? ' ex-bad' : ''), node.label === null ? 'initial state' : node.label);
      a.setAttribute('data-node', String(node.id));
      a.addEventListener('click', function () { call('goto', { id: node.id }); });
      li.appendChild(a);
      if (node.children.length > 0) {
        var ul = el('ul');
        node.children.forEach(function (/** @type {number} */ c) { ul.appendChild(branch(c)); });
        li.appendChild(ul);
      }
      return li;
    }
    var tree = $('.ex-tree');
    tree.textContent = '';
    var top = el('ul');
    top.appendChild(branch(0));
    tree.appendChild(top);
  }

  function seed() {
    return Math.max(0, Math.floor(Number(/** @type {HTMLInputElement} */ ($('.ex-seed')).value) || 0));
  }

  $('.ex-back').addEventListener('click', function () { call('back'); });
  $('.ex-forward').addEventListener('click', function () { call('forward'); });
  $('.ex-quiet').addEventListener('click', function () { call('quiet', { seed: seed() }); });
  $('.ex-cx').addEventListener('click', function () { call('counterexample'); });
  $('.ex-load-seed').addEventListener('click', function () { call('seed', { seed: seed() }); });
  $('.ex-load-token').addEventListener('click', function () {
    call('token', { token: /** @type {HTMLInputElement} */ ($('.ex-token-in')).value.trim() });
  });
  $('.ex-copy').addEventListener('click', function () {
    if (current && navigator.clipboard) {
      navigator.clipboard.writeText(current.token).then(function () {
        $('.ex-note').textContent = 'copied ' + current.token;
      }, function () {
        $('.ex-note').textContent = 'select the token to copy it: ' + current.token;
      });
    }
  });
  call('state');
})();
