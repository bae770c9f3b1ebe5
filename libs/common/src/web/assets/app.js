// PICSWeb's only script: it enhances pages that fully work without it.
(function () {
  'use strict';

  // A double click does what one click does: a form is submitted once.
  document.addEventListener(
    'submit',
    function (event) {
      var form = event.target;
      if (form.dataset.submitted === 'true') {
        event.preventDefault();
        return;
      }
      form.dataset.submitted = 'true';
      form.setAttribute('aria-busy', 'true');
    },
    true,
  );
  // Back-forward cache: a page shown again may be submitted again.
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-submitted]').forEach(function (form) {
      delete form.dataset.submitted;
      form.removeAttribute('aria-busy');
    });
  });

  // A dialog rendered open becomes modal (focus stays inside; Escape follows its Cancel link).
  document.querySelectorAll('dialog[open][data-modal]').forEach(function (dialog) {
    dialog.close();
    dialog.showModal();
    dialog.addEventListener('cancel', function (event) {
      var cancel = dialog.querySelector('[data-cancel]');
      if (cancel) {
        event.preventDefault();
        window.location.assign(cancel.getAttribute('href'));
      }
    });
  });

  // A region that says it changes (a running sync) is fetched again until it stops changing.
  var live = document.querySelector('[data-refresh-seconds]');
  if (live) {
    var seconds = Number(live.getAttribute('data-refresh-seconds')) || 2;
    var refresh = function () {
      fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          var next = new DOMParser().parseFromString(html, 'text/html').getElementById(live.id);
          if (!next) return;
          live.replaceWith(next);
          live = next;
          if (next.hasAttribute('data-refresh-seconds')) window.setTimeout(refresh, seconds * 1000);
        })
        .catch(function () {
          window.setTimeout(refresh, seconds * 2000);
        });
    };
    window.setTimeout(refresh, seconds * 1000);
  }
})();
