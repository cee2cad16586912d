// Copy buttons: <button data-copy-target="input-id" data-copied-text="Copied">. No inline script (CSP).
document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    button.addEventListener('click', function () {
        var field = document.getElementById(button.getAttribute('data-copy-target'));
        if (!field) return;
        var done = function () {
            var original = button.textContent;
            button.textContent = button.getAttribute('data-copied-text') || 'Copied';
            setTimeout(function () { button.textContent = original; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
        } else {
            field.select();
            if (document.execCommand('copy')) done();
        }
    });
});
