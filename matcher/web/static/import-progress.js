// Import progress: poll the job once a second, move the bar, and reload the page when the job ends.
// Without JavaScript the page's "Check progress" button does the same by hand.
const box = document.querySelector("[data-import-progress]");
if (box) {
  const bar = box.querySelector("progress");
  const status = box.querySelector("#import-status");
  const poll = async () => {
    try {
      const answer = await fetch(box.dataset.importProgress, { headers: { Accept: "application/json" } });
      if (answer.ok) {
        const job = await answer.json();
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
          return;
        }
        if (job.total) {
          bar.max = job.total;
          bar.value = job.done;
          bar.textContent = `${job.done} of ${job.total}`;
          status.textContent = `${job.done} of ${job.total} homes saved`;
        }
      }
    } catch (error) {
      // the next poll tries again
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
}
