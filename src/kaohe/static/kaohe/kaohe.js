// kaohe — small behaviours the CSP allows (no inline handlers anywhere).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
