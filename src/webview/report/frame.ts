// When a change to the DOM has reached the screen.

/** Runs `done` in the task after the next rendered frame (right away in a hidden page, which renders no frames). */
export function afterNextFrame(done: () => void): void {
  const afterFrame = (): void => {
    // A task queued from requestAnimationFrame runs after that frame has been rendered.
    const ch = new MessageChannel();
    ch.port1.onmessage = () => done();
    ch.port2.postMessage(0);
  };
  if (document.visibilityState === 'hidden') setTimeout(afterFrame, 0);
  else requestAnimationFrame(afterFrame);
}
