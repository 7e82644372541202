// Grades answers with the website's quiz script (site/quiz.js), for tests/test_site.py to compare
// with lessons.questions. Reads {questions, answers: [[index, answer]], numbers} as JSON on stdin.
"use strict";
const path = require("path");
const quiz = require(path.join(__dirname, "..", "..", "site", "quiz.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const graded = job.answers.map(([index, answer]) => {
    const question = job.questions[index];
    try {
      const feedback = quiz.check(question, answer);
      return { feedback, html: quiz.feedbackHtml(question, feedback) };
    } catch (error) {
      return { error: String(error) };
    }
  });
  const reveals = job.questions.map((q) => quiz.revealHtml(q));
  const numbers = (job.numbers || []).map((n) => quiz.formatNumber(n));
  const scores = (job.scores || []).map((steps) => {
    // Each step: ["check", status] or ["reveal"]; the outcome's counts after all of them.
    const outcome = new quiz.Outcome();
    steps.forEach((step) => {
      if (step[0] === "reveal") outcome.revealed = true;
      else outcome.checked({ status: step[1] });
    });
    return { attempts: outcome.attempts, correct: outcome.correct };
  });
  process.stdout.write(JSON.stringify({ graded, reveals, numbers, scores }));
});
