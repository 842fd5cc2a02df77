/* The zone the visitor's device is set to, sent with every message (customData.timezone) so the
   assistant can offer it when it asks for the person's time zone (the person still chooses: a VPN
   or a trip can make it wrong). rasa-webchat 1.0.1 has no such setting, so its start function is
   wrapped; a page's own customData.timezone wins. Drop this once the widget sends it itself. */
(function () {
  var chat = window.WebChat;
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone || !chat || typeof chat.default !== "function") return;
  var start = chat.default;
  chat.default = function (config) {
    var args = Array.prototype.slice.call(arguments);
    if (config && typeof config === "object") {
      args[0] = Object.assign({}, config, {customData: Object.assign({timezone: zone}, config.customData)});
    }
    return start.apply(this, args);
  };
})();
