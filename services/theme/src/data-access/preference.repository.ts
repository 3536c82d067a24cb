import type { DataSource, Repository } from 'typeorm';
import { ThemePreference } from './preference.entity';

/** Storage of per-user theme preferences. */
export class PreferenceRepository {
  private readonly repo: Repository<ThemePreference>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(ThemePreference);
  }

  find(userId: string): Promise<ThemePreference | null> {
    return this.repo.findOneBy({ userId });
  }

  /** Inserts or replaces the user's row in one statement. */
  async upsert(preference: Omit<ThemePreference, 'updatedAt'>): Promise<ThemePreference> {
    await this.repo.upsert({ ...preference, updatedAt: new Date() }, ['userId']);
    return (await this.find(preference.userId)) as ThemePreference;
  }

  async delete(userId: string): Promise<boolean> {
    const result = await this.repo.delete({ userId });
    return (result.affected ?? 0) > 0;
  }
}
