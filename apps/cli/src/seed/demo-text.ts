import { Random } from './random';
import { FOLLOW_UPS_CUSTOMER, GREETINGS_AGENT, GREETINGS_CUSTOMER, SIGNOFFS_AGENT, SIGNOFFS_CUSTOMER, SLOTS, Topic } from './word-lists';

/** A template split once into literal text and slot names, so rendering is plain concatenation. */
type Template = (string | { slot: string })[];

function compile(text: string): Template {
  return text.split(/\{(\w+)\}/).map((part, i) => (i % 2 ? { slot: part } : part));
}

const compileAll = (texts: readonly string[]) => texts.map(compile);

/** The people a message can name. */
export interface Voices {
  customer: string;
  agent: string;
}

interface CompiledTopic {
  topic: Topic;
  subjects: Template[];
  customer: Template[];
  agent: Template[];
  notes: Template[];
}

/** Subjects and conversation bodies from the topic vocabulary, varied per ticket by its slots. */
export class DemoText {
  private readonly topics = new Map<Topic, CompiledTopic>();
  private readonly greetCustomer = compileAll(GREETINGS_CUSTOMER);
  private readonly signCustomer = compileAll(SIGNOFFS_CUSTOMER);
  private readonly followUps = compileAll(FOLLOW_UPS_CUSTOMER);
  private readonly greetAgent = compileAll(GREETINGS_AGENT);
  private readonly signAgent = compileAll(SIGNOFFS_AGENT);

  constructor(private readonly random: Random) {}

  subject(topic: Topic, voices: Voices): string {
    return this.render(this.pick(this.compiled(topic).subjects), voices);
  }

  /** The ticket's description: what the customer first wrote. */
  description(topic: Topic, voices: Voices): string {
    const own = this.compiled(topic).customer;
    const sentences = this.sentences(own, 0.3);
    return this.letter(this.greetCustomer, sentences, this.signCustomer, voices, { ...voices, agent: voices.customer });
  }

  agentReply(topic: Topic, voices: Voices): string {
    const own = this.compiled(topic).agent;
    const sentences = this.sentences(own, 0.25);
    return this.letter(this.greetAgent, sentences, this.signAgent, voices, voices);
  }

  customerFollowUp(topic: Topic, voices: Voices): string {
    const sentences = [this.pick(this.followUps)];
    if (this.random.chance(0.3)) sentences.push(this.pick(this.compiled(topic).customer));
    return sentences.map((t) => this.render(t, voices)).join(' ');
  }

  note(topic: Topic, voices: Voices): string {
    return this.render(this.pick(this.compiled(topic).notes), voices);
  }

  private letter(greetings: Template[], sentences: Template[], signoffs: Template[], voices: Voices, signer: Voices): string {
    const greeting = this.render(this.pick(greetings), voices);
    const body = sentences.map((t) => this.render(t, voices)).join(' ');
    // Sign-offs name the writer: `{first}` is the signer's first name.
    const signoff = this.render(this.pick(signoffs), signer);
    return [greeting, body, signoff].filter(Boolean).join('\n\n');
  }

  private render(template: Template, voices: Voices): string {
    let out = '';
    for (const part of template) out += typeof part === 'string' ? part : this.fill(part.slot, voices);
    return out;
  }

  private fill(slot: string, voices: Voices): string {
    switch (slot) {
      case 'customer':
        return voices.customer;
      case 'first':
        return voices.agent;
      case 'order':
        return `#${this.random.int(100000, 999999)}`;
      case 'invoice':
        return `INV-${this.random.int(10000, 99999)}`;
      case 'seats':
        return String(this.random.int(3, 60));
      case 'fewer':
        return String(this.random.int(1, 3));
      case 'days':
        return String(this.random.int(2, 21));
      case 'seconds':
        return String(this.random.int(5, 40));
      default:
        return this.random.pick(SLOTS[slot] ?? [slot]);
    }
  }

  /** One sentence, sometimes two different ones. */
  private sentences(templates: Template[], secondChance: number): Template[] {
    const first = this.pick(templates);
    if (templates.length < 2 || !this.random.chance(secondChance)) return [first];
    const second = this.pick(templates);
    return second === first ? [first] : [first, second];
  }

  private pick(templates: Template[]): Template {
    return templates[Math.floor(this.random.next() * templates.length)];
  }

  private compiled(topic: Topic): CompiledTopic {
    let compiled = this.topics.get(topic);
    if (!compiled) {
      compiled = {
        topic,
        subjects: compileAll(topic.subjects),
        customer: compileAll(topic.customer),
        agent: compileAll(topic.agent),
        notes: compileAll(topic.notes),
      };
      this.topics.set(topic, compiled);
    }
    return compiled;
  }
}
