import { getMetadataStorage, MetadataStorage } from 'class-validator';

type ValidationMetadata = Parameters<MetadataStorage['addValidationMetadata']>[0];

type TargetMetadatas = (target: object, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => ValidationMetadata[];

interface Storage {
  getTargetValidationMetadatas: TargetMetadatas;
  addValidationMetadata(metadata: ValidationMetadata): void;
  rememberedTargets?: true;
}

/**
 * Makes class-validator remember which rules apply to a class. It works them out again for every object it validates,
 * walking the rules of every class of the process (hundreds of contracts) to find the inherited ones: a few percent of
 * the CPU of every request in the gateway and the services. The rules only change while classes are declared, and any
 * rule added clears what was remembered, so the answer is the same. Idempotent.
 */
export function rememberValidationTargets(): void {
  const storage = getMetadataStorage() as unknown as Storage;
  if (storage.rememberedTargets) return;
  storage.rememberedTargets = true;
  const work = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let remembered = new Map<object, Map<string, ValidationMetadata[]>>();
  storage.addValidationMetadata = (metadata) => {
    remembered = new Map();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // No groups and an empty list of groups select the same rules.
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${(groups ?? []).join('\u0000')}`;
    let ofTarget = remembered.get(target);
    if (!ofTarget) {
      ofTarget = new Map();
      remembered.set(target, ofTarget);
    }
    let metadatas = ofTarget.get(key);
    if (!metadatas) {
      metadatas = work(target, schema, always, strictGroups, groups);
      ofTarget.set(key, metadatas);
    }
    return metadatas;
  };
}
