(() => {
  // The receipt page: the text went through, so the local copy is no longer needed.
  const done = document.querySelector("[data-clear-local]");
  if (done) {
    try {
      localStorage.removeItem(done.getAttribute("data-clear-local"));
    } catch {}
  }
  const form = document.getElementById("report-form");
  if (!form || !window.fetch) return;
  const status = document.getElementById("autosave-status");
  const url = form.getAttribute("data-draft-url");
  const localKey = form.getAttribute("data-local-key");
  const meta = document.querySelector('meta[name="csrf-token"]');
  const rev = form.querySelector('input[name="baseRevision"]');
  let timer = null,
    busy = false,
    again = false,
    paused = false,
    leaving = false;
  // Edits made since the server last confirmed a save (0: nothing unsaved).
  let edits = 0;
  const pad = (n) => String(n).padStart(2, "0");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const hhmm = (ms) => {
    const d = new Date(ms + 7 * 3600000);
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  };
  const values = () => {
    const out = {};
    for (const el of form.querySelectorAll("[data-item]")) {
      const key = el.getAttribute("data-item"),
        kind = el.getAttribute("data-kind");
      if (kind === "narrative") out[key] = el.value;
      else if (kind === "number") {
        const t = el.value.trim();
        out[key] = t === "" ? null : t;
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
  const apply = (vals) => {
    for (const el of form.querySelectorAll("[data-item]")) {
      const key = el.getAttribute("data-item"),
        kind = el.getAttribute("data-kind");
      if (!(key in vals)) continue;
      const v = vals[key];
      if (kind === "narrative" || kind === "number")
        el.value = v === null || v === undefined ? "" : String(v);
      else if (kind === "yesno") {
        for (const r of el.querySelectorAll("input[type=radio]"))
          r.checked = !!v && v.answer !== null && (r.value === "yes") === v.answer;
        const ref = el.querySelector("input[data-ref]");
        if (ref) ref.value = v?.documentRef ? v.documentRef : "";
      }
    }
  };
  const keep = () => {
    if (!localKey) return;
    try {
      localStorage.setItem(
        localKey,
        JSON.stringify({ values: values(), baseRevision: Number(rev ? rev.value : 0), at: Date.now() }),
      );
    } catch {}
  };
  const forget = () => {
    if (localKey)
      try {
        localStorage.removeItem(localKey);
      } catch {}
  };
  // Field errors of the saved draft next to each field: they block submitting, not saving.
  const showIssues = (fields) => {
    for (const p of form.querySelectorAll(".item p.error")) p.remove();
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const f of fields || []) {
      const key = f.field.split(".")[0];
      const item = document.getElementById(`item-${key}`);
      if (!item) continue;
      const id = `err-${f.field.replace(/\./g, "-")}`;
      const p = document.createElement("p");
      p.className = "error";
      p.id = id;
      p.textContent = f.message;
      const input = f.field.endsWith(".documentRef")
        ? item.querySelector("input[data-ref]")
        : item.querySelector("[data-item]");
      if (input) {
        input.setAttribute("aria-invalid", "true");
        const d = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (!d.includes(id)) input.setAttribute("aria-describedby", [id].concat(d).join(" "));
        input.insertAdjacentElement("afterend", p);
      } else item.appendChild(p);
    }
  };
  const showConflict = (body) => {
    paused = true;
    const cur = body.current || {};
    const who = cur.updatedByName || "Người khác";
    say(
      "Chưa lưu được: " +
        who +
        " vừa lưu bản nháp lúc " +
        (cur.updatedAt ? hhmm(cur.updatedAt) : "") +
        " — nội dung vẫn còn trên trang. Bản của người kia ở bên dưới; bấm \u201cLưu nháp\u201d để giữ bản của đồng chí.",
    );
    const box = document.getElementById("autosave-conflict");
    if (box) {
      box.textContent = "";
      const h = document.createElement("h2");
      h.textContent = `Bản nháp đã lưu của ${who}`;
      box.appendChild(h);
      for (const [key, v] of Object.entries(cur.values || {})) {
        const label = form.querySelector(`[data-label-for="${key}"]`);
        const p = document.createElement("p");
        const b = document.createElement("strong");
        b.textContent = `${label ? label.textContent : key}: `;
        p.appendChild(b);
        const text =
          v === null || v === undefined
            ? "(trống)"
            : typeof v === "object"
              ? (v.answer === true ? "Có" : v.answer === false ? "Không" : "(chưa chọn)") +
                (v.documentRef ? ` (${v.documentRef})` : "")
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
    const sent = edits;
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
        // Only what was typed before this save is confirmed; later typing is still unsaved.
        edits -= sent;
        if (edits === 0) forget();
        else keep();
        const n = (body.fields || []).length + (body.moreFields || 0);
        showIssues(body.fields);
        say(
          "Đã lưu lúc " +
            hhmm(body.savedAt || Date.now()) +
            (n > 0 ? ` · còn ${n} mục cần sửa trước khi nộp` : ""),
        );
      } else if (res.status === 409 && body.current) showConflict(body);
      else
        say(
          "Chưa lưu được: " +
            (body.error?.message || `máy chủ trả lời ${res.status}`) +
            " — nội dung vẫn còn trên trang",
        );
    } catch {
      say("Chưa lưu được: mất kết nối — nội dung vẫn còn trên trang và trên máy này; sẽ lưu khi có mạng");
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
  const edited = () => {
    edits++;
    keep();
    schedule();
  };
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  window.addEventListener("online", () => {
    if (edits > 0) schedule();
  });
  window.addEventListener("beforeunload", (e) => {
    if (leaving || edits === 0) return;
    e.preventDefault();
    e.returnValue = "";
  });
  // A copy kept on this machine that the server never confirmed: put it back.
  if (localKey) {
    let local = null;
    try {
      local = JSON.parse(localStorage.getItem(localKey) || "null");
    } catch {}
    if (local?.values) {
      const same = JSON.stringify(local.values) === JSON.stringify(values());
      if (same) forget();
      else if (local.baseRevision === Number(rev ? rev.value : 0)) {
        apply(local.values);
        edits++;
        say(`Đã khôi phục nội dung chưa lưu trên máy này (lúc ${hhmm(local.at)}); đang lưu…`);
        save();
      } else {
        const box = document.getElementById("local-copy");
        if (box) {
          box.hidden = false;
          const when = box.querySelector("[data-when]");
          if (when) when.textContent = hhmm(local.at);
          box.querySelector("[data-restore]").addEventListener("click", () => {
            apply(local.values);
            box.hidden = true;
            edited();
          });
          box.querySelector("[data-discard]").addEventListener("click", () => {
            forget();
            box.hidden = true;
          });
        }
      }
    }
  }
  // A refused submission: the list of what to fix, named, in view.
  const summary = document.querySelector('#error-summary[data-errors="submit"], #conflict');
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
  // A button press while an autosave is in flight waits for it, so the post carries the
  // revision that save produced (otherwise the person's own autosave looks like a conflict).
  form.addEventListener("submit", (e) => {
    clearTimeout(timer);
    paused = true;
    leaving = true;
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
