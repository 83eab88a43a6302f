// Submits a tuning job from pasted JSON (Vernier's job document, or SageMaker's
// CreateHyperParameterTuningJob request); the API's field errors are listed under the text box,
// each with its field, and the text box is marked.
import { ApiError, call } from "../api.js";
import { h } from "../util.js";

const EXAMPLE = {
  name: "my-job",
  algorithm: "linear-learner",
  channels: { train: { path: "train.csv" }, validation: { path: "val.csv" } },
  objective: { metric: "validation:objective_loss", type: "Minimize" },
  parameterRanges: {
    learning_rate: { type: "continuous", min: 0.001, max: 0.5, scaling: "Logarithmic" },
    mini_batch_size: { type: "integer", min: 8, max: 64 },
  },
  staticHyperparameters: { predictor_type: "binary_classifier", epochs: 4 },
  strategy: "bayesian",
  limits: { maxTrials: 20, maxParallelTrials: 2 },
  seed: 1,
};

export async function mount(el, ctx) {
  if (!ctx.canWrite) {
    el.append(h("h1", {}, "Submit a tuning job"),
      h("p", { class: "empty" }, "A reader token may look but not submit: log in with a submitter or admin token."));
    return {};
  }
  const text = h("textarea", { id: "job-json", spellcheck: "false", "aria-label": "job JSON",
    "aria-describedby": "field-errors" });
  text.value = JSON.stringify(EXAMPLE, null, 2);
  const format = h("select", { id: "job-format", "aria-label": "format" },
    h("option", { value: "vernier" }, "Vernier job"),
    h("option", { value: "sagemaker" }, "SageMaker CreateHyperParameterTuningJob request"));
  const errors = h("ul", { id: "field-errors", class: "field-errors", role: "alert" });
  const result = h("div", { id: "submit-result" });
  const button = h("button", { type: "submit", id: "submit-job" }, "Submit");
  const form = h("form", { id: "submit-form", onsubmit: submit },
    h("div", { class: "toolbar" }, h("label", { for: "job-format" }, "Format"), format),
    text, errors, h("div", { class: "toolbar" }, button), result);
  el.append(h("h1", {}, "Submit a tuning job"),
    h("p", { class: "muted" }, "Paste the job's JSON. Paths are relative to the service's data roots."),
    form);

  async function submit(ev) {
    ev.preventDefault();
    errors.replaceChildren();
    result.replaceChildren();
    text.classList.remove("invalid");
    button.disabled = true;
    try {
      const job = await call("POST", "/api/v1/tuning-jobs?format=" + format.value, text.value);
      result.append(h("p", {}, "Submitted: ", h("a", { href: "#/jobs/" + encodeURIComponent(job.id) }, job.id),
        job.ignoredFields && job.ignoredFields.length ? " (ignored: " + job.ignoredFields.join(", ") + ")" : ""));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) {
        ctx.showError(e);
        return;
      }
      text.classList.add("invalid");
      const list = e.problem.errors && e.problem.errors.length
        ? e.problem.errors
        : [{ field: e.problem.field, detail: e.problem.detail }];
      for (const x of list) {
        errors.append(h("li", { "data-field": x.field || "" },
          x.field ? [h("code", {}, x.field), ": "] : null,
          // the detail often starts with the field again
          x.field && x.detail && x.detail.startsWith(x.field + ": ") ? x.detail.slice(x.field.length + 2) : x.detail));
      }
    } finally {
      button.disabled = false;
    }
  }
  return {};
}
