// Polls a background export's status and updates the progress bar; reloads the page when the export is done,
// which then shows the download (or the error). Without JavaScript the page offers a "Check again" link.
(function () {
    'use strict';
    var panel = document.querySelector('[data-status-url]');
    if (!panel) return;
    var url = panel.getAttribute('data-status-url');
    var bar = document.getElementById('export-progress');
    var text = document.getElementById('export-progress-text');
    var failures = 0;

    function poll() {
        fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) {
                if (!response.ok) throw new Error(String(response.status));
                return response.json();
            })
            .then(function (state) {
                failures = 0;
                if (state.finished) {
                    window.location.reload();
                    return;
                }
                if (bar) { bar.value = state.progress; bar.textContent = state.progress + '%'; }
                if (text) text.textContent = state.status === 'Queued' ? 'Waiting to start.' : state.progress + '% done.';
                window.setTimeout(poll, 2000);
            })
            .catch(function () {
                // A few failed polls in a row: stop and leave the "Check again" link to the user.
                failures++;
                if (failures < 5) window.setTimeout(poll, 4000);
            });
    }
    window.setTimeout(poll, 1500);
})();
