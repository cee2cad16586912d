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
    root.setAttribute('data-pending-saves', '0');

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
        if (overall && state.overall) { overall.textContent = state.overall.answered + ' of ' + state.overall.total; }
        var bar = root.querySelector('[data-overall-bar]');
        if (bar && state.overall) {
            bar.max = Math.max(1, state.overall.total);
            bar.value = state.overall.answered;
        }
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
            keep.className = 'btn btn-sm btn-outline-dark me-2';
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

    // One save per item at a time: a change made while the previous save of the same item is on its way is sent
    // after it, with the version that save returned. Otherwise quick changes (Yes, then No) would conflict with
    // the person's own earlier save.
    var inFlight = {};
    var again = {};
    // Each response carries the visibility map as the server saw it after that save. Responses may arrive out of
    // order; only the newest request's map is applied, so an older one never hides what a newer answer revealed.
    var sent = 0;
    var applied = 0;
    var pending = 0;

    function setPending(delta) {
        pending += delta;
        root.setAttribute('data-pending-saves', String(pending));
    }

    function save(item) {
        var id = item.getAttribute('data-item-id');
        if (inFlight[id]) { again[id] = true; return; }
        inFlight[id] = true;
        var seq = ++sent;
        var payload = { itemId: id, values: valuesOf(item), version: parseInt(item.getAttribute('data-version') || '0', 10) };
        var reason = item.querySelector('[name="na.' + CSS.escape(id) + '"]');
        if (reason) { payload.reason = reason.value; }
        item.setAttribute('data-save-state', 'saving');
        setPending(1);
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
                item.setAttribute('data-save-state', 'saved');
                say(item, 'Saved at ' + at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), true);
                if (seq > applied) {
                    applied = seq;
                    applyState(body.state);
                }
            } else if (result.status === 409) {
                again[id] = false;
                item.setAttribute('data-save-state', 'conflict');
                say(item, 'Not saved', false);
                showConflict(item, body);
            } else {
                again[id] = false;
                item.setAttribute('data-save-state', 'error');
                // A value the question refuses (400: beyond its range, length or options): the reason goes beside the question too.
                if (error && result.status === 400 && body.message) { error.textContent = body.message; }
                say(item, 'Not saved: ' + (body.message || 'the server refused the answer (' + result.status + ').'), false);
            }
        }).catch(function () {
            again[id] = false;
            item.setAttribute('data-save-state', 'error');
            say(item, 'Not saved: no connection. Your answer is still in the page; change it again to retry.', false);
        }).then(function () {
            inFlight[id] = false;
            setPending(-1);
            if (again[id]) {
                again[id] = false;
                save(item);
            }
        });
    }

    // Leaving a field for the Submit button starts its save just before the form posts. Submitting then would validate
    // and lock the previous value, so the submit waits for the saves on their way; when one of them failed, the page
    // stays and says which answer was not saved instead of submitting without it.
    var submitForm = document.querySelector('form[data-submit-answers]');
    if (submitForm) {
        submitForm.addEventListener('submit', function (e) {
            if (pending === 0 && !unsaved()) { return; }
            e.preventDefault();
            var button = submitForm.querySelector('button[type="submit"]');
            if (button) { button.disabled = true; }
            pageStatus.textContent = 'Saving your last answers before submitting…';
            var wait = setInterval(function () {
                if (pending > 0) { return; }
                clearInterval(wait);
                if (button) { button.disabled = false; }
                var failed = unsaved();
                if (failed) {
                    pageStatus.textContent = 'Not submitted: an answer was not saved. Check the answer marked "Not saved", then submit again.';
                    var field = failed.querySelector('input, textarea, select');
                    if (field) { field.focus(); }
                    return;
                }
                submitForm.submit();
            }, 50);
        });
    }

    function unsaved() { return root.querySelector('[data-save-state="error"], [data-save-state="conflict"]'); }

    root.addEventListener('change', function (e) {
        var target = e.target;
        if (!target.name || (target.name.indexOf('q.') !== 0 && target.name.indexOf('na.') !== 0)) { return; }
        var item = itemOf(target);
        if (item) { save(item); }
    });
}());
