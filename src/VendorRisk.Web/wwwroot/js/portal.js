// Vendor portal: autosave of answers and live visibility. The server's questionnaire engine is the only
// implementation of the expression language: each save answers with the new visibility/required map, and
// this script only applies it. Without this script the per-section "Save" buttons do the same work.
(function () {
    'use strict';

    var root = document.querySelector('[data-portal-assessment]');
    if (!root || !window.fetch) { return; }

    var token = root.querySelector('input[name="__RequestVerificationToken"]').value;
    var autosaveUrl = root.getAttribute('data-autosave-url');
    var pageStatus = document.getElementById('autosave-status');

    root.querySelectorAll('[data-nojs-save]').forEach(function (b) { b.hidden = true; });

    function itemOf(el) { return el.closest('[data-item-id]'); }

    function valuesOf(item) {
        var id = item.getAttribute('data-item-id');
        var inputs = item.querySelectorAll('[name="q.' + CSS.escape(id) + '"]');
        var values = [];
        inputs.forEach(function (input) {
            if (input.type === 'checkbox' || input.type === 'radio') {
                if (input.checked) { values.push(input.value); }
            } else {
                values.push(input.value);
            }
        });
        return values;
    }

    function setValues(item, values) {
        var id = item.getAttribute('data-item-id');
        item.querySelectorAll('[name="q.' + CSS.escape(id) + '"]').forEach(function (input) {
            if (input.type === 'checkbox' || input.type === 'radio') {
                input.checked = values.indexOf(input.value) >= 0;
            } else {
                input.value = values.length ? values[0] : '';
            }
        });
    }

    function setVersion(item, version) {
        item.setAttribute('data-version', String(version));
        var hidden = item.querySelector('[data-version-input]');
        if (hidden) { hidden.value = String(version); }
    }

    function say(item, text, ok) {
        var status = item.querySelector('[data-item-status]');
        if (status) {
            status.textContent = text;
            status.className = 'small ' + (ok ? 'text-success' : 'text-danger');
        }
        pageStatus.textContent = text;
    }

    function applyState(state) {
        if (!state) { return; }
        Object.keys(state.items).forEach(function (id) {
            var el = document.getElementById('item-' + id);
            if (!el) { return; }
            el.hidden = !state.items[id].visible;
            var mark = el.querySelector('[data-required-mark]');
            if (mark) { mark.hidden = !state.items[id].required; }
        });
        Object.keys(state.sections).forEach(function (id) {
            var s = state.sections[id];
            var section = document.getElementById('section-' + id);
            if (section) { section.hidden = !s.visible; }
            var nav = root.querySelector('[data-nav-section="' + CSS.escape(id) + '"]');
            if (nav) {
                nav.hidden = !s.visible;
                nav.querySelector('[data-section-progress]').textContent = s.progress.answered + '/' + s.progress.total;
            }
        });
        var overall = root.querySelector('[data-overall-progress]');
        if (overall && state.overall) { overall.textContent = state.overall.answered + '/' + state.overall.total; }
    }

    function showConflict(item, body) {
        var box = item.querySelector('[data-item-conflict]');
        box.textContent = '';
        var p = document.createElement('p');
        p.className = 'mb-2';
        p.textContent = body.message;
        box.appendChild(p);
        if (!body.locked) {
            var keep = document.createElement('button');
            keep.type = 'button';
            keep.className = 'btn btn-sm btn-outline-secondary me-2';
            keep.textContent = 'Keep theirs';
            keep.addEventListener('click', function () {
                setValues(item, body.values || []);
                setVersion(item, body.version);
                box.hidden = true;
                say(item, 'Kept the other answer.', true);
            });
            var overwrite = document.createElement('button');
            overwrite.type = 'button';
            overwrite.className = 'btn btn-sm btn-warning';
            overwrite.textContent = 'Overwrite with mine';
            overwrite.addEventListener('click', function () {
                setVersion(item, body.version);
                box.hidden = true;
                save(item);
            });
            box.appendChild(keep);
            box.appendChild(overwrite);
        }
        box.hidden = false;
    }

    function save(item) {
        var id = item.getAttribute('data-item-id');
        var payload = { itemId: id, values: valuesOf(item), version: parseInt(item.getAttribute('data-version') || '0', 10) };
        say(item, 'Saving…', true);
        fetch(autosaveUrl, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'RequestVerificationToken': token },
            body: JSON.stringify(payload)
        }).then(function (response) {
            return response.json().then(function (body) { return { status: response.status, body: body }; },
                function () { return { status: response.status, body: {} }; });
        }).then(function (result) {
            var body = result.body;
            var error = item.querySelector('[data-item-error]');
            if (result.status === 200) {
                setVersion(item, body.version);
                item.querySelector('[data-item-conflict]').hidden = true;
                if (error) { error.textContent = (body.errors || []).join(' '); }
                var at = new Date(body.savedAt);
                say(item, 'Saved at ' + at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), true);
                applyState(body.state);
            } else if (result.status === 409) {
                say(item, 'Not saved', false);
                showConflict(item, body);
            } else {
                say(item, 'Not saved: ' + (body.message || 'the server refused the answer (' + result.status + ').'), false);
            }
        }).catch(function () {
            say(item, 'Not saved: no connection. Your answer is still in the page; change it again to retry.', false);
        });
    }

    root.addEventListener('change', function (e) {
        var target = e.target;
        if (!target.name || target.name.indexOf('q.') !== 0) { return; }
        var item = itemOf(target);
        if (item) { save(item); }
    });
}());
