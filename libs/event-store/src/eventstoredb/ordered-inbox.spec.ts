import { OrderedInbox } from './ordered-inbox';

const drain = <T>(inbox: OrderedInbox<T>): T[] => {
  const items: T[] = [];
  for (let item = inbox.shift(); item !== undefined; item = inbox.shift()) items.push(item);
  return items;
};

describe('OrderedInbox', () => {
  it('queues a signal at once when nothing is pending', () => {
    const inbox = new OrderedInbox<string>();
    inbox.take('e1');
    inbox.signal('caught-up', 0);
    expect(drain(inbox)).toEqual(['e1', 'caught-up']);
  });

  it('holds a signal back until the items pending when it fired have been taken', () => {
    const inbox = new OrderedInbox<string>();
    inbox.take('e1');
    inbox.signal('checkpoint', 2);
    expect(drain(inbox)).toEqual(['e1']);
    inbox.take('e2');
    inbox.signal('caught-up', 1);
    expect(drain(inbox)).toEqual(['e2']);
    inbox.take('e3');
    inbox.take('e4');
    expect(drain(inbox)).toEqual(['e3', 'checkpoint', 'caught-up', 'e4']);
  });

  it('counts items that carry nothing to deliver', () => {
    const inbox = new OrderedInbox<string>();
    inbox.signal('checkpoint', 1);
    inbox.take(null);
    expect(drain(inbox)).toEqual(['checkpoint']);
  });

  it('forgets held signals and the count when cleared', () => {
    const inbox = new OrderedInbox<string>();
    inbox.take('e1');
    inbox.signal('checkpoint', 3);
    inbox.clear();
    expect(inbox.size).toBe(0);
    inbox.signal('caught-up', 0);
    expect(drain(inbox)).toEqual(['caught-up']);
  });
});
