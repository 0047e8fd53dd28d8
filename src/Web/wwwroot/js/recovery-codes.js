// Recovery codes (_RecoveryCodes.cshtml): "Copy codes" and "Print codes" need JavaScript, so they stay hidden without
// it; "Download (.txt)" is a form the server answers either way.
(() => {
  for (const sheet of document.querySelectorAll("[data-recovery-codes]")) {
    const codes = () => Array.from(sheet.querySelectorAll(".recovery-codes code"), (c) => c.textContent.trim()).join("\n");
    const status = sheet.querySelector("[data-codes-status]");
    const copy = sheet.querySelector("[data-copy-codes]");
    const print = sheet.querySelector("[data-print-codes]");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(codes() + "\n");
          status.textContent = "Copied to the clipboard.";
        } catch {
          status.textContent = "Your browser refused the copy: select the codes and copy them yourself.";
        }
      });
    }
    if (print && typeof window.print === "function") {
      print.hidden = false;
      print.addEventListener("click", () => {
        document.documentElement.classList.add("print-codes");
        window.print();
      });
      window.addEventListener("afterprint", () => document.documentElement.classList.remove("print-codes"));
    }
  }
})();
