/* The rich-text editor of document bodies: Squire on top of the plain textarea.
 *
 * Without JavaScript the textarea (HTML) still works. With it, the textarea is hidden and kept in
 * step with the editor; the server cleans whatever arrives (nh3, publishing/richtext.py), so the
 * sanitiser here only keeps pasted content from running while it is being edited. */
(function () {
  "use strict";
  var DROP = "script,style,iframe,object,embed,link,meta,form,input,button,textarea,select,svg,math";

  function sanitize(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.querySelectorAll(DROP).forEach(function (node) { node.remove(); });
    template.content.querySelectorAll("*").forEach(function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (attr) {
        var name = attr.name.toLowerCase();
        var unsafeUrl = (name === "href" || name === "src") && /^\s*(javascript|data|vbscript):/i.test(attr.value);
        if (name.indexOf("on") === 0 || name === "style" || unsafeUrl) { el.removeAttribute(attr.name); }
      });
    });
    return document.importNode(template.content, true);
  }

  var BUTTONS = [
    ["加粗", function (e) { return e.hasFormat("B") || e.hasFormat("STRONG") ? e.removeBold() : e.bold(); }],
    ["倾斜", function (e) { return e.hasFormat("I") || e.hasFormat("EM") ? e.removeItalic() : e.italic(); }],
    ["下划线", function (e) { return e.hasFormat("U") ? e.removeUnderline() : e.underline(); }],
    ["项目列表", function (e) { return e.hasFormat("UL") ? e.removeList() : e.makeUnorderedList(); }],
    ["编号列表", function (e) { return e.hasFormat("OL") ? e.removeList() : e.makeOrderedList(); }],
    ["引用", function (e) { return e.hasFormat("BLOCKQUOTE") ? e.decreaseQuoteLevel() : e.increaseQuoteLevel(); }],
    ["链接", function (e) {
      var url = window.prompt("链接地址（以 https:// 开头）", "https://");
      if (url && /^https?:\/\//i.test(url)) { e.makeLink(url); }
    }],
    ["清除格式", function (e) { e.removeAllFormatting(); }],
    ["撤销", function (e) { e.undo(); }],
    ["重做", function (e) { e.redo(); }]
  ];

  function setup(textarea) {
    if (typeof window.Squire !== "function") { return; }
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var wrap = document.createElement("div");
    var bar = document.createElement("div");
    var area = document.createElement("div");
    var source = document.createElement("button");
    wrap.className = "rte";
    bar.className = "rte-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "正文格式");
    area.className = "rte-area";
    area.id = textarea.id + "_editor";
    area.setAttribute("aria-label", (label ? label.textContent.replace(/[*：:\s]+$/, "") : "正文") + "（可编辑）");
    textarea.parentNode.insertBefore(wrap, textarea);
    wrap.appendChild(bar);
    wrap.appendChild(area);
    wrap.appendChild(textarea);
    textarea.hidden = true;
    if (label) { label.setAttribute("for", area.id); }

    var editor = new window.Squire(area, { blockTag: "P", sanitizeToDOMFragment: sanitize });
    editor.setHTML(textarea.value);
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var sync = function () { textarea.value = editor.getHTML(); };
    editor.addEventListener("input", sync);
    if (textarea.form) { textarea.form.addEventListener("submit", function () { if (textarea.hidden) { sync(); } }); }

    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = spec[0];
      button.addEventListener("click", function () { spec[1](editor); sync(); editor.focus(); });
      bar.appendChild(button);
    });
    source.type = "button";
    source.className = "secondary";
    source.textContent = "编辑源码";
    source.setAttribute("aria-pressed", "false");
    source.addEventListener("click", function () {
      var showing = !textarea.hidden;
      if (showing) { editor.setHTML(textarea.value); } else { sync(); }
      textarea.hidden = showing;
      area.hidden = !showing;
      source.setAttribute("aria-pressed", String(!showing));
      source.textContent = showing ? "编辑源码" : "返回可视编辑";
    });
    bar.appendChild(source);
  }

  function start() { document.querySelectorAll("textarea[data-rich-text]").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
