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
  // Focus goes to its problems when it has any, else to its heading, so a screen reader starts at the top.
  document.querySelectorAll('dialog[open][data-modal]').forEach(function (dialog) {
    dialog.close();
    dialog.showModal();
    var start = dialog.querySelector('.error-summary') || dialog.querySelector('h1, h2');
    if (start) start.focus();
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

  /** Shows (or, given null, takes away) the chooser's message that no tag was chosen. */
  var nothingChosen = function (select, text) {
    var fieldset = select.closest('fieldset');
    var message = fieldset.querySelector('.field-error');
    if (!text) {
      if (message) message.remove();
      fieldset.classList.remove('field-with-error');
      select.removeAttribute('aria-describedby');
      return;
    }
    if (!message) {
      message = document.createElement('p');
      message.className = 'field-error';
      message.id = select.id + '-error';
      fieldset.querySelector('legend').after(message);
    }
    message.textContent = text;
    fieldset.classList.add('field-with-error');
    select.setAttribute('aria-describedby', message.id);
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
    } else if (select && select.value && !select.selectedOptions[0].disabled) {
      var chosen = select.selectedOptions[0];
      list.append(chipFor(parts[1], chosen.value, chosen.textContent));
      chosen.disabled = true;
      select.value = '';
      nothingChosen(select, null);
    } else if (select) {
      // Add with nothing chosen adds nothing, and says so beside the chooser.
      nothingChosen(select, 'Choose a tag to add to ' + select.closest('fieldset').querySelector('legend').textContent.trim() + '.');
      select.focus();
    }
    if (none) none.hidden = list.querySelectorAll('.chip').length > 0;
  });
})();

// Test connection (bksb Settings) answers inside the window: the form is posted with the CSRF
// header and only the window's feedback is replaced, so every field stays as typed. Without
// JavaScript the server shows the form again with the typed values (secrets too, not stored).
(function () {
  'use strict';

  var say = function (feedback, text) {
    var message = document.createElement('p');
    message.className = 'banner-problem';
    message.textContent = text;
    feedback.replaceChildren(message);
  };

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-test-connection]');
    var feedback = document.getElementById('settings-feedback');
    if (!button || !feedback || !window.fetch) return;
    event.preventDefault();
    var form = button.form;
    var body = new URLSearchParams(new FormData(form));
    var token = body.get('_csrf');
    body.delete('_csrf');
    body.set('action', 'test');
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    fetch(form.getAttribute('action'), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { Accept: 'text/html', 'X-CSRF-Token': token },
    })
      .then(function (response) {
        return response.text().then(function (html) {
          var next = new DOMParser().parseFromString(html, 'text/html').getElementById('settings-feedback');
          if (next) feedback.replaceChildren.apply(feedback, Array.prototype.slice.call(next.childNodes));
          else say(feedback, 'The connection could not be tested (the answer was not understood). Reload the page and try again.');
        });
      })
      .catch(function () {
        say(feedback, 'The connection could not be tested: PICSWeb did not answer. Check your connection and try again.');
      })
      .then(function () {
        button.disabled = false;
        button.removeAttribute('aria-busy');
        feedback.focus();
      });
  });
})();
