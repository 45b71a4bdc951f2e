// kaohe — small behaviours the CSP allows (no inline handlers anywhere).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});

// Long work (computing a large organization, publishing, combining) runs inside the
// request: a form marked data-busy says so while the server works, shows an indeterminate
// progress bar, and cannot be sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-busy]");
  if (!form || event.defaultPrevented) return;
  const status = document.createElement("p");
  status.className = "busy";
  status.setAttribute("role", "status");
  status.append(document.createElement("progress"), " ", form.dataset.busy);
  form.append(status);
  // Disabled after the browser has taken the submitter's name and value.
  setTimeout(() => {
    form.querySelectorAll("button, input[type=submit]").forEach((b) => { b.disabled = true; });
  });
});

// A field that applies to one choice of another (data-shown-with="step=extended") is hidden
// for the other choices, unless it holds a value: nothing typed is ever hidden from view.
function showFieldsForTheirChoice() {
  document.querySelectorAll("[data-shown-with]").forEach((input) => {
    const [name, value] = input.dataset.shownWith.split("=");
    const choice = input.form && input.form.elements[name];
    const wrapper = input.closest(".field");
    if (choice && wrapper) wrapper.hidden = choice.value !== value && input.value === "";
  });
}
document.addEventListener("change", showFieldsForTheirChoice);
document.addEventListener("DOMContentLoaded", showFieldsForTheirChoice);
