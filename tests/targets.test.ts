import { describe, expect, it } from 'vitest'
import { datesIn, extractTargets } from '../src/core/plan/targets.js'
import { bundledPlan } from './helpers/plan.js'

describe('extractTargets', () => {
  it('reads the full target table of the bundled plan', () => {
    const table = bundledPlan().tasks.flatMap((t) => t.targets.map((g) => `${t.number} ${g.metric}|${g.qualifier}|${g.value}${g.unit}`))
    expect(table).toEqual([
      '1 净增市场主体||5万户',
      '1 新增国省级专精特新企业|以上|40家',
      '1 制造业单项冠军|以上|2个',
      '1 净增“四上”企业|以上|250家',
      '1 规模工业企业|以上|100家',
      '1 商贸流通企业|以上|100家',
      '1 服务业企业|以上|50家',
      '1 具有总承包和专业承包资质的独立核算建筑业企业||12家',
      '2 企业开办网办率|达到|97%',
      '2 注销网办率|达到|85%',
      '7 生物医药产业产值增速|达到|20%',
      '9 广告及关联产业经营额|达到|50亿元',
      '9 税收|以上|1.5亿元',
      '11 推动区县(市)||9个',
      '16 新增公开各类标准|以上|600项',
      '18 各区县(市)新建医疗类社会公用计量标准||4项',
      '20 发明专利申请量|以上|2000件',
      '20 发明专利授权量|以上|1000件',
      '20 发明专利拥有量|以上|4500件',
      '20 每万人有效发明专利拥有量|达到|7.6件',
      '21 加大对经开区、高新区、临澧、津市、汉寿||5家',
      '21 新增高价值发明专利||200件',
      '22 市级层面重点跟踪||100家',
      '22 带动区县(市)及园区重点跟踪||400家',
      '23 市级知识产权试点示范企业|累计达到|45家',
      '23 参与专利转移转化的中小企业|超过|100家',
      '23 专利转让、许可的金额和数量|增长|20%',
      '23 专利产品备案|达到|200件',
      '23 知识产权质押融资项目数较2022年|增长|20%',
      '23 质押融资额|达|5亿元',
      '24 换标使用率|达到|80%',
      '34 抽检不合格(问题)食品核查处置任务完成率|达到|100%',
      '39 指导企业争创省级商业秘密保护示范企业||4家',
      '43 完成广告监测|以上|10000条次',
      '44 每个区县(市)创建||1个',
      '44 创建无理由退货承诺单位||10家',
      '48 选取区县(市)推进药品监管能力标准化建设示范||2个',
    ])
  })

  it('keeps large money measures whole (万亿元, 亿美元)', () => {
    expect(extractTargets('到2027年，全市数字经济规模达到1.2万亿元，吸引外资5亿美元以上').map((t) => [t.metric, t.value, t.unit])).toEqual([
      ['数字经济规模', 1.2, '万亿元'],
      ['吸引外资', 5, '亿美元'],
    ])
  })

  it('skips years, months and dates', () => {
    expect(extractTargets('较2022年增长、6月底前、开展4.26宣传周')).toEqual([])
  })

  it('keeps the clause as the quoted sentence', () => {
    expect(extractTargets('力争企业开办网办率达到97%、注销网办率达到85%。')[1]?.sentence).toBe(
      '力争企业开办网办率达到97%、注销网办率达到85%',
    )
  })
})

describe('datesIn', () => {
  it('reads 3月15日, 3.15 and 5·17 but not 7.6件', () => {
    expect(datesIn('3月15日 3.15活动 5·17宣传 7.6件')).toEqual([
      { month: 3, day: 15 },
      { month: 3, day: 15 },
      { month: 5, day: 17 },
    ])
  })
})
