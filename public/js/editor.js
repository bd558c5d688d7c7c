// Rich-text editing: turns each textarea.rich-source into a Quill editor (served locally), and copies the
// HTML back into the textarea on submit. Without JavaScript the plain textarea still works.
(function () {
  if (!window.Quill) return;
  // Quill names its buttons in English ("bold") and its pickers not at all: screen readers get Chinese names.
  var NAMES = {
    bold: '加粗',
    italic: '斜体',
    underline: '下划线',
    strike: '删除线',
    'list:ordered': '编号列表',
    'list:bullet': '项目符号列表',
    blockquote: '引用',
    link: '链接',
    clean: '清除格式',
    header: '标题级别',
    'header:2': '二级标题',
    'header:3': '三级标题',
    'header:': '正文',
    align: '对齐方式',
    'align:': '左对齐',
    'align:center': '居中',
    'align:right': '右对齐',
    'align:justify': '两端对齐',
  };
  function labelToolbar(toolbar) {
    toolbar.setAttribute('aria-label', '排版工具栏');
    toolbar.querySelectorAll('button').forEach(function (b) {
      var format = b.className.replace(/.*\bql-([a-z]+).*/, '$1');
      var name = NAMES[b.value ? format + ':' + b.value : format];
      if (name) b.setAttribute('aria-label', name);
    });
    toolbar.querySelectorAll('.ql-picker').forEach(function (picker) {
      var format = picker.className.replace(/.*\bql-([a-z]+) ql-picker.*/, '$1');
      var label = picker.querySelector('.ql-picker-label');
      if (label && NAMES[format]) label.setAttribute('aria-label', NAMES[format]);
      picker.querySelectorAll('.ql-picker-item').forEach(function (item) {
        var name = NAMES[format + ':' + (item.getAttribute('data-value') || '')];
        if (name) item.setAttribute('aria-label', name);
      });
    });
  }

  document.querySelectorAll('textarea.rich-source').forEach(function (textarea) {
    var host = document.querySelector('[data-editor-for="' + textarea.id + '"]');
    if (!host) return;
    host.hidden = false;
    var quill = new window.Quill(host, {
      theme: 'snow',
      modules: {
        toolbar: [
          [{ header: [2, 3, false] }],
          ['bold', 'italic', 'underline', 'strike'],
          [{ list: 'ordered' }, { list: 'bullet' }],
          ['blockquote', 'link'],
          [{ align: [] }],
          ['clean'],
        ],
      },
    });
    quill.clipboard.dangerouslyPasteHTML(textarea.value);
    textarea.hidden = true;
    quill.root.setAttribute('role', 'textbox');
    quill.root.setAttribute('aria-multiline', 'true');
    quill.root.setAttribute('aria-label', '正文');
    labelToolbar(quill.getModule('toolbar').container);
    textarea.form.addEventListener('submit', function () {
      textarea.value = quill.getSemanticHTML ? quill.getSemanticHTML() : quill.root.innerHTML;
    });
  });
})();
