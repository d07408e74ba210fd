// A wizard of several quick inputs on one widget (window.createQuickPick / createInputBox): the title shows
// "title (step/total)", every step after the first offers Back (QuickInputButtons.Back), which returns to the previous
// step (each step reads its earlier answer from the caller's state, so the answer is kept), input boxes show their
// validation message inline as the person types, and Escape (or anything else that hides the widget) ends the whole
// wizard with nothing returned. After the pattern of microsoft/vscode-extension-samples' quickinput-sample.
import * as vscode from 'vscode';

/** A step asks one thing through the flow and returns the next step, or undefined when it was the last. */
export type Step = (flow: MultiStep) => Promise<Step | undefined>;

/** Thrown through a step when the person presses Back or hides the widget; handled by MultiStep.run. */
const BACK = Symbol('back');
const CANCEL = Symbol('cancel');

interface Placement {
  title: string;
  /** Omitted for a one-step question: no "(1/1)" and no Back. */
  step?: number;
  totalSteps?: number;
}

export interface PickOptions<T extends vscode.QuickPickItem> extends Placement {
  items: readonly T[];
  placeholder: string;
  /** The item to start on (the earlier answer, or the current value). */
  active?: T;
}

export interface PickManyOptions<T extends vscode.QuickPickItem> extends Placement {
  items: readonly T[];
  placeholder: string;
  selected: readonly T[];
}

export interface InputOptions extends Placement {
  prompt: string;
  value: string;
  placeholder?: string;
  /** A message when the value cannot be used; shown inline while typing and checked again on Enter. */
  validate: (value: string) => string | undefined;
}

export class MultiStep {
  private current: vscode.QuickInput | undefined;
  private readonly history: Step[] = [];

  /** Runs the steps from `start`. True when the last step was answered; false when the person cancelled. */
  static async run(start: Step): Promise<boolean> {
    const flow = new MultiStep();
    try {
      return await flow.walk(start);
    } finally {
      flow.current?.dispose();
    }
  }

  private async walk(start: Step): Promise<boolean> {
    let step: Step | undefined = start;
    while (step) {
      this.history.push(step);
      if (this.current) {
        this.current.enabled = false;
        this.current.busy = true;
      }
      try {
        step = await step(this);
      } catch (e) {
        if (e === BACK) {
          this.history.pop(); // this step
          step = this.history.pop(); // the previous one, asked again
        } else if (e === CANCEL) {
          return false;
        } else {
          throw e;
        }
      }
    }
    return true;
  }

  pick<T extends vscode.QuickPickItem>(o: PickOptions<T>): Promise<T> {
    const pick = vscode.window.createQuickPick<T>();
    pick.placeholder = o.placeholder;
    pick.items = o.items;
    if (o.active) pick.activeItems = [o.active];
    return this.show<T>(pick, o, (resolve) => [
      pick.onDidAccept(() => {
        const [chosen] = pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
        if (chosen) resolve(chosen);
      }),
    ]);
  }

  pickMany<T extends vscode.QuickPickItem>(o: PickManyOptions<T>): Promise<T[]> {
    const pick = vscode.window.createQuickPick<T>();
    pick.canSelectMany = true;
    pick.placeholder = o.placeholder;
    pick.items = o.items;
    pick.selectedItems = o.selected;
    return this.show<T[]>(pick, o, (resolve) => [pick.onDidAccept(() => resolve([...pick.selectedItems]))]);
  }

  input(o: InputOptions): Promise<string> {
    const box = vscode.window.createInputBox();
    box.prompt = o.prompt;
    box.value = o.value;
    box.placeholder = o.placeholder;
    return this.show<string>(box, o, (resolve) => [
      box.onDidChangeValue((v) => (box.validationMessage = o.validate(v))),
      box.onDidAccept(() => {
        const problem = o.validate(box.value);
        box.validationMessage = problem;
        if (!problem) resolve(box.value);
      }),
    ]);
  }

  private async show<R>(
    input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
    o: Placement,
    listen: (resolve: (r: R) => void) => vscode.Disposable[],
  ): Promise<R> {
    input.title = o.title;
    input.step = o.step;
    input.totalSteps = o.totalSteps;
    input.ignoreFocusOut = true;
    input.buttons = this.history.length > 1 ? [vscode.QuickInputButtons.Back] : [];
    const listeners: vscode.Disposable[] = [];
    try {
      return await new Promise<R>((resolve, reject) => {
        listeners.push(
          input.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && reject(BACK)),
          input.onDidHide(() => reject(CANCEL)),
          ...listen(resolve),
        );
        this.current?.dispose(); // the previous step's widget (its listeners are gone: no cancel)
        this.current = input;
        input.show();
      });
    } finally {
      for (const l of listeners) l.dispose();
    }
  }
}
