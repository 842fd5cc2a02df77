/* Accessibility the chat widget (rasa-webchat 1.0.1) lacks, added to the bundle the web service
   serves (website/server.py): names for its icon-only buttons and its text field, and a message list
   that a keyboard can reach and a screen reader follows as a log. The words follow the page's
   language (<html lang>). Drop this once rasa-webchat labels its own controls. */
(function () {
  var fr = (document.documentElement.lang || "").toLowerCase().indexOf("fr") === 0;
  var names = {
    ".rw-launcher": fr ? "Ouvrir ou fermer le clavardage" : "Open or close the chat",
    ".rw-close-button": fr ? "Fermer le clavardage" : "Close the chat",
    ".rw-toggle-fullscreen-button": fr ? "Plein écran" : "Full screen",
    ".rw-send": fr ? "Envoyer" : "Send",
    ".rw-new-message": fr ? "Votre message" : "Your message",
    ".rw-tooltip-close": fr ? "Fermer" : "Close"
  };
  function label(root) {
    Object.keys(names).forEach(function (selector) {
      root.querySelectorAll(selector).forEach(function (element) {
        if (!element.getAttribute("aria-label")) element.setAttribute("aria-label", names[selector]);
      });
    });
    root.querySelectorAll(".rw-messages-container").forEach(function (list) {
      if (list.getAttribute("role") === "log") return;
      list.setAttribute("role", "log");
      list.setAttribute("aria-live", "polite");
      list.setAttribute("aria-label", fr ? "Conversation" : "Conversation");
      list.setAttribute("tabindex", "0");
    });
    root.querySelectorAll("img.rw-avatar, .rw-launcher img, .rw-send img").forEach(function (image) {
      if (!image.hasAttribute("alt")) image.setAttribute("alt", "");
    });
  }
  function start() {
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
