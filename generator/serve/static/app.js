// Live route advice and preview while the form is filled in. The form works without this script:
// every button submits the form to the server.
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  if (!form || !window.fetch || !window.FormData) return;
  var advice = document.getElementById("advice");
  var preview = document.getElementById("preview");
  var status = document.getElementById("preview-status");
  var clauseBox = document.getElementById("clause-fields");
  var timer = null;
  var sequence = 0;

  function refresh() {
    var mine = ++sequence;
    fetch(form.dataset.live, { method: "POST", body: new FormData(form) })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (mine !== sequence) return; // a newer answer is on its way
        advice.innerHTML = data.advice;
        if (data.clause_keys !== clauseBox.dataset.keys) {
          var focused = clauseBox.contains(document.activeElement) ? document.activeElement.id : null;
          if (!focused || document.activeElement.type === "checkbox" || document.activeElement.tagName === "SELECT") {
            clauseBox.innerHTML = data.clauses;
            clauseBox.dataset.keys = data.clause_keys;
            if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
          }
        }
        if (data.preview) {
          preview.srcdoc = data.preview;
          preview.hidden = false;
          status.textContent = "Dokumentet med dina uppgifter.";
        } else {
          status.textContent = "Förhandsvisningen visas när de obligatoriska uppgifterna är ifyllda och godkända"
            + (data.problems ? " (" + data.problems + " att rätta; tryck Uppdatera för att se dem)." : ".");
        }
        form.dataset.liveDone = String(mine);
      })
      .catch(function () { /* the buttons still work */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
