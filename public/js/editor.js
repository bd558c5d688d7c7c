// Rich-text editing: turns each textarea.rich-source into a Quill editor (served locally), and copies the
// HTML back into the textarea on submit. Without JavaScript the plain textarea still works.
(function () {
  if (!window.Quill) return;
  document.querySelectorAll('textarea.rich-source').forEach(function (textarea) {
    var host = document.querySelector('[data-editor-for="' + textarea.id + '"]');
    if (!host) return;
    host.hidden = false;
    var quill = new window.Quill(host, {
      theme: 'snow',
      modules: {
        toolbar: [[{ header: [2, 3, false] }], ['bold', 'italic', 'underline', 'strike'], [{ list: 'ordered' }, { list: 'bullet' }], ['blockquote', 'link'], [{ align: [] }], ['clean']],
      },
    });
    quill.clipboard.dangerouslyPasteHTML(textarea.value);
    textarea.hidden = true;
    quill.root.setAttribute('aria-label', '正文');
    textarea.form.addEventListener('submit', function () {
      textarea.value = quill.getSemanticHTML ? quill.getSemanticHTML() : quill.root.innerHTML;
    });
  });
})();
