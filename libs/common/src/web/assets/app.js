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
          // It has ended: a message that it started or is waiting is no longer true.
          else document.querySelectorAll('main > .notice-info[role="status"]').forEach(function (notice) { notice.remove(); });
        })
        .catch(function () {
          window.setTimeout(refresh, seconds * 2000);
        });
    };
    window.setTimeout(refresh, seconds * 1000);
  }
})();

// Tag choosers (bksb Settings): Add and Remove change the chosen tags in place, so nothing
// typed is lost; without JavaScript the server does the same and shows the form again.
(function () {
  'use strict';

  var chipFor = function (field, id, name) {
    var chip = document.createElement('li');
    chip.className = 'chip';
    var input = document.createElement('input');
    input.type = 'hidden';
    input.name = field;
    input.value = id;
    var label = document.createElement('span');
    label.textContent = name;
    var remove = document.createElement('button');
    remove.type = 'submit';
    remove.name = 'action';
    remove.value = 'remove:' + field + ':' + id;
    remove.className = 'secondary';
    remove.setAttribute('aria-label', 'Remove ' + name);
    remove.textContent = '\u2715';
    chip.append(input, label, remove);
    return chip;
  };

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[name="action"]');
    if (!button) return;
    var parts = button.value.split(':');
    var list = document.querySelector('[data-chips="' + parts[1] + '"]');
    var select = document.querySelector('select[name="add:' + parts[1] + '"]');
    if (!list || (parts[0] !== 'add' && parts[0] !== 'remove')) return;
    event.preventDefault();
    var none = list.querySelector('.chip-none');
    if (parts[0] === 'remove') {
      button.closest('li').remove();
      var option = select && select.querySelector('option[value="' + parts[2] + '"]');
      if (option) option.disabled = false;
      if (select) select.focus();
    } else if (select && select.selectedOptions[0] && !select.selectedOptions[0].disabled) {
      var chosen = select.selectedOptions[0];
      list.append(chipFor(parts[1], chosen.value, chosen.textContent));
      chosen.disabled = true;
      var next = Array.prototype.find.call(select.options, function (o) { return !o.disabled; });
      if (next) select.value = next.value;
    }
    if (none) none.hidden = list.querySelectorAll('.chip').length > 0;
  });
})();
