(() => {
  const form = document.getElementById("report-form");
  if (!form || !window.fetch) return;
  const status = document.getElementById("autosave-status");
  const url = form.getAttribute("data-draft-url");
  const meta = document.querySelector('meta[name="csrf-token"]');
  const rev = form.querySelector('input[name="baseRevision"]');
  let timer = null,
    busy = false,
    again = false,
    paused = false;
  const pad = (n) => String(n).padStart(2, "0");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const values = () => {
    const out = {};
    for (const el of form.querySelectorAll("[data-item]")) {
      const key = el.getAttribute("data-item"),
        kind = el.getAttribute("data-kind");
      if (kind === "narrative") out[key] = el.value;
      else if (kind === "number") {
        const t = el.value.trim().replace(/^(-?\d+),(\d+)$/, "$1.$2");
        out[key] = t === "" ? null : isNaN(Number(t)) ? t : Number(t);
      } else if (kind === "yesno") {
        const checked = el.querySelector("input[type=radio]:checked");
        const ref = el.querySelector("input[data-ref]");
        const answer = checked ? checked.value === "yes" : null;
        const documentRef = ref && ref.value.trim() !== "" ? ref.value.trim() : null;
        out[key] = answer === null && documentRef === null ? null : { answer, documentRef };
      }
    }
    return out;
  };
  const showConflict = (body) => {
    paused = true;
    const cur = body.current || {};
    const who = cur.updatedByName || "Người khác";
    const at = cur.updatedAt ? new Date(cur.updatedAt + 7 * 3600000) : null;
    const when = at ? pad(at.getUTCHours()) + ":" + pad(at.getUTCMinutes()) : "";
    say(
      who +
        " vừa lưu bản nháp lúc " +
        when +
        ". Bản của đồng chí vẫn ở trong biểu mẫu; bản đã lưu của người kia ở bên dưới. Bấm \u201cLưu nháp\u201d để giữ bản của đồng chí.",
    );
    const box = document.getElementById("autosave-conflict");
    if (box) {
      box.textContent = "";
      const h = document.createElement("h2");
      h.textContent = "Bản nháp đã lưu của " + who;
      box.appendChild(h);
      for (const [key, v] of Object.entries(cur.values || {})) {
        const label = form.querySelector('[data-label-for="' + key + '"]');
        const p = document.createElement("p");
        const b = document.createElement("strong");
        b.textContent = (label ? label.textContent : key) + ": ";
        p.appendChild(b);
        const text =
          v === null || v === undefined
            ? "(trống)"
            : typeof v === "object"
              ? (v.answer === true ? "Có" : v.answer === false ? "Không" : "(chưa chọn)") +
                (v.documentRef ? " (" + v.documentRef + ")" : "")
              : String(v);
        p.appendChild(document.createTextNode(text));
        p.className = "theirs";
        box.appendChild(p);
      }
      box.hidden = false;
    }
    if (rev && typeof cur.revision === "number") rev.value = String(cur.revision);
  };
  const save = async () => {
    if (paused) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    say("Đang lưu…");
    try {
      const res = await fetch(url, {
        method: "PUT",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-csrf-token": meta ? meta.content : "",
        },
        body: JSON.stringify({ values: values(), baseRevision: Number(rev ? rev.value : 0) }),
        credentials: "same-origin",
      });
      const body = await res.json().catch(() => ({}));
      if (res.ok) {
        if (rev) rev.value = String(body.revision);
        const d = new Date((body.savedAt || Date.now()) + 7 * 3600000);
        say("Đã lưu lúc " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()));
      } else if (res.status === 409 && body.current) showConflict(body);
      else
        say(
          (body.error && body.error.message) || "Chưa lưu được bản nháp. Vui lòng bấm \u201cLưu nháp\u201d.",
        );
    } catch {
      say("Mất kết nối: chưa lưu được. Nội dung vẫn còn trên trang; bấm \u201cLưu nháp\u201d khi có mạng.");
    } finally {
      busy = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  };
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  // A button press while an autosave is in flight waits for it, so the post carries the
  // revision that save produced (otherwise the person's own autosave looks like a conflict).
  form.addEventListener("submit", (e) => {
    clearTimeout(timer);
    paused = true;
    if (!busy) return;
    e.preventDefault();
    const submitter = e.submitter;
    const retry = () => {
      if (busy) {
        setTimeout(retry, 50);
        return;
      }
      form.requestSubmit(submitter || undefined);
    };
    retry();
  });
})();
