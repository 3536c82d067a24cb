import { unlessDuplicate } from '@erp/service-kit';
import type { DataSource, Repository } from 'typeorm';
import { CustomTheme } from './custom-theme.entity';

/** Storage of custom themes. */
export class CustomThemeRepository {
  private readonly repo: Repository<CustomTheme>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(CustomTheme);
  }

  findById(id: string): Promise<CustomTheme | null> {
    return this.repo.findOneBy({ id });
  }

  /** The caller's own themes and every shared one, newest first. */
  listVisible(userId: string | undefined): Promise<CustomTheme[]> {
    const query = this.repo.createQueryBuilder('t').where('t.shared');
    if (userId !== undefined) query.orWhere('t.owner_id = :userId', { userId });
    return query.orderBy('t.created_at', 'DESC').limit(500).getMany();
  }

  /** Inserts or updates; null when the owner already has a theme of that name. */
  save(theme: CustomTheme): Promise<CustomTheme | null> {
    return unlessDuplicate(() => this.repo.save(theme));
  }

  /** Deletes; true when a row was removed. */
  async delete(id: string): Promise<boolean> {
    const result = await this.repo.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
