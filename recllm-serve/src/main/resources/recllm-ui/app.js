// The explorer: a user picker, their history and knowledge, each model's top items, and KAR reports as bar charts.
const $ = (id) => document.getElementById(id);

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : text;
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}

async function json(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function showUser(view) {
  const history = $("history");
  history.replaceChildren();
  for (const event of view.history) {
    const li = document.createElement("li");
    li.textContent = event.title + (event.label == null ? "" : event.label === 1 ? " — liked" : " — disliked");
    li.className = event.label === 1 ? "liked" : event.label === 0 ? "disliked" : "";
    history.appendChild(li);
  }
  $("user-knowledge").textContent = view.user_knowledge || "(no knowledge text)";
  const rankings = $("rankings");
  rankings.replaceChildren();
  for (const ranking of view.rankings) {
    const box = document.createElement("div");
    box.className = "ranking";
    const title = document.createElement("h2");
    title.textContent = ranking.model + (ranking.knowledge ? " with knowledge" : " without knowledge");
    box.appendChild(title);
    const table = document.createElement("table");
    table.className = "recommendations";
    const head = table.insertRow();
    ["#", "item", "score", "knowledge"].forEach((h) => { const th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
    ranking.items.forEach((item, i) => {
      const row = table.insertRow();
      cell(row, i + 1);
      cell(row, item.title);
      cell(row, item.score.toFixed(4), "score");
      cell(row, item.knowledge ? item.knowledge.slice(0, 160) + (item.knowledge.length > 160 ? "…" : "") : "", "knowledge");
    });
    box.appendChild(table);
    rankings.appendChild(box);
  }
}

// One bar per model: the test AUC gain of knowledge (with − without), labelled with both AUCs.
function chart(report) {
  const runs = report.runs || [];
  const width = 640, rowHeight = 28, left = 120, height = 30 + rowHeight * runs.length;
  const max = Math.max(0.001, ...runs.map((r) => Math.abs(r.gain_auc)));
  const svgNs = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  const zero = left + (width - left - 160) / 2;
  runs.forEach((run, i) => {
    const y = 20 + i * rowHeight;
    const label = document.createElementNS(svgNs, "text");
    label.setAttribute("x", 4); label.setAttribute("y", y + 14); label.textContent = run.model;
    svg.appendChild(label);
    const length = (Math.abs(run.gain_auc) / max) * ((width - left - 160) / 2);
    const bar = document.createElementNS(svgNs, "rect");
    bar.setAttribute("x", run.gain_auc >= 0 ? zero : zero - length);
    bar.setAttribute("y", y); bar.setAttribute("height", 18); bar.setAttribute("width", Math.max(1, length));
    bar.setAttribute("class", run.gain_auc >= 0 ? "bar-pos" : "bar-neg");
    svg.appendChild(bar);
    const value = document.createElementNS(svgNs, "text");
    value.setAttribute("x", width - 155); value.setAttribute("y", y + 14);
    value.textContent = (run.gain_auc >= 0 ? "+" : "") + run.gain_auc.toFixed(4) + " AUC ("
      + run.without.test_auc_mean.toFixed(4) + " → " + run.with.test_auc_mean.toFixed(4) + ")";
    svg.appendChild(value);
  });
  const figure = document.createElement("figure");
  const caption = document.createElement("figcaption");
  caption.textContent = "KAR gain on " + (report.protocol || "?") + " (" + (report.knowledge || "knowledge") + ")";
  figure.appendChild(caption);
  figure.appendChild(svg);
  return figure;
}

async function load() {
  const top = $("top").value;
  const user = $("user").value;
  history.replaceState(null, "", "?user=" + encodeURIComponent(user) + "&n=" + top);
  try {
    showUser(await json("api/users/" + encodeURIComponent(user) + "?n=" + top));
  } catch (e) {
    $("rankings").textContent = "error: " + e.message;
  }
}

async function start() {
  const params = new URLSearchParams(location.search);
  const { users, models } = await json("api/users");
  $("models").textContent = Object.keys(models).join(" · ");
  const select = $("user");
  for (const id of users) {
    const option = document.createElement("option");
    option.value = id; option.textContent = id;
    select.appendChild(option);
  }
  if (params.get("user")) select.value = params.get("user");
  if (params.get("n")) $("top").value = params.get("n");
  select.addEventListener("change", load);
  $("top").addEventListener("change", load);
  const { reports } = await json("api/reports");
  reports.forEach((report) => $("charts").appendChild(chart(report)));
  await load();
  document.body.dataset.ready = "true";
}

start();
